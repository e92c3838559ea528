"""Admin page of sources: the articles questions were imported from."""

from django.contrib import admin

from ..models import Question, Source
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
    fields = ["title", "slug", "language", "url", "intro", "conclusion", "appendix", "notes", "version"]

    def has_change_permission(self, request, obj=None):
        # An article's text is public with its published questions: like them,
        # it changes only while none is published (superusers excepted).
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return not obj.questions.filter(status=Question.Status.PUBLISHED).exists()
