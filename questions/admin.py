from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from markdownx.widgets import AdminMarkdownxWidget

from .models import Category, Question, Source, Tag


class MarkdownEditorMixin:
    """Every long text field is Markdown, edited with markdownx's live preview
    rendered by `questions.markdown.render_markdown`."""

    formfield_overrides = {models.TextField: {"widget": AdminMarkdownxWidget}}

    class Media:
        css = {
            "all": [
                "css/pygments-light.css",
                "css/admin-editor.css",
            ],
            "(prefers-color-scheme: dark)": ["css/pygments-dark.css"],
        }
        js = ["js/copy-code.js"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "label", "ordering"]
    list_editable = ["ordering"]
    search_fields = ["slug", "name"]

    @admin.display(description=_("shown as"))
    def label(self, category):
        return category.label


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "question_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions")).order_by("name")

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, tag):
        return tag.question_count


@admin.register(Source)
class SourceAdmin(MarkdownEditorMixin, admin.ModelAdmin):
    list_display = ["title", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["title", "intro", "conclusion"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["title", "slug", "language", "url", "intro", "conclusion", "appendix", "notes"]


@admin.register(Question)
class QuestionAdmin(MarkdownEditorMixin, admin.ModelAdmin):
    list_display = ["title", "category", "difficulty", "status", "source", "source_position", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["status", "category", "difficulty", "source", "tags"]
    list_select_related = ["category", "source"]
    list_per_page = 50
    search_fields = ["title", "answer", "explanation"]
    autocomplete_fields = ["tags", "source", "author"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "difficulty", "status", "tags"]}),
        (_("Content"), {"fields": ["body", "answer", "explanation", "editor_note"]}),
        (_("Provenance"), {"fields": ["source", "source_position", "author", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
