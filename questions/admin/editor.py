"""What every Markdown-editing admin page shares: the markdownx widget and
the stylesheets and script its preview needs."""

from django.db import models
from django.urls import reverse
from markdownx.widgets import AdminMarkdownxWidget


class MarkdownEditorWidget(AdminMarkdownxWidget):
    """markdownx's widget (its markup, styles and endpoints) driven by
    static/js/markdown-editor.js instead of markdownx's own script, which
    sends a preview per pause in typing, every field's at once on page load,
    and never cancels one: ours debounces, cancels stale previews, sends
    one at a time and waits out a 429's Retry-After."""

    class Media:
        extend = False
        css = AdminMarkdownxWidget.Media.css
        js = ["js/markdown-editor.js"]


class KeyPointsWidget(MarkdownEditorWidget):
    """The key points' textarea: the same editor, whose live preview is the
    checklist candidates will see (or the line at fault), from
    `questions.editorial.views.key_points_preview`."""

    def add_markdownx_attrs(self, attrs):  # type: ignore[override]  # a staticmethod upstream
        attrs = MarkdownEditorWidget.add_markdownx_attrs(attrs)
        attrs["data-markdownx-urls-path"] = reverse("key_points_preview")
        return attrs


class SolutionsWidget(MarkdownEditorWidget):
    """The solutions' textarea, whose live preview is their tabs as readers
    see them (or the line at fault), from
    `questions.editorial.views.solutions_preview`."""

    def add_markdownx_attrs(self, attrs):  # type: ignore[override]  # a staticmethod upstream
        attrs = MarkdownEditorWidget.add_markdownx_attrs(attrs)
        attrs["data-markdownx-urls-path"] = reverse("solutions_preview")
        return attrs


class MarkdownEditorMixin:
    """Every long text field is Markdown, edited with a live preview
    rendered by `questions.markdown.render_markdown`."""

    formfield_overrides = {models.TextField: {"widget": MarkdownEditorWidget}}

    class Media:
        css = {"all": ["css/admin-pygments.css", "css/admin-editor.css"]}
        js = ["js/copy-code.js", "js/solutions.js"]
