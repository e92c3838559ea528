"""Admin page of sources: the articles questions were imported from."""

from django.contrib import admin

from .. import policies
from ..models import Source
from .editor import MarkdownEditorMixin
from .forms import SourceAdminForm
from .history import RevisionHistoryAdmin


@admin.register(Source)
class SourceAdmin(MarkdownEditorMixin, RevisionHistoryAdmin):
    form = SourceAdminForm
    list_display = ["title", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["title", "intro", "conclusion"]
    readonly_fields = ["created_at", "updated_at"]
    fields = [
        "change_reason",
        "title",
        "slug",
        "language",
        "url",
        "written_on",
        "intro",
        "conclusion",
        "appendix",
        "notes",
        "version",
    ]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def has_view_permission(self, request, obj=None):
        return policies.sees_unpublished_sources(request.user)

    def has_change_permission(self, request, obj=None):
        return policies.can_edit_source(request.user, obj)
