"""What every Markdown-editing admin page shares: the markdownx widget and
the stylesheets its preview needs."""

from django.db import models
from markdownx.widgets import AdminMarkdownxWidget


class MarkdownEditorMixin:
    """Every long text field is Markdown, edited with markdownx's live preview
    rendered by `questions.markdown.render_markdown`."""

    formfield_overrides = {models.TextField: {"widget": AdminMarkdownxWidget}}

    class Media:
        css = {"all": ["css/admin-pygments.css", "css/admin-editor.css"]}
        js = ["js/copy-code.js"]
