"""Quality checks in the question admin: the findings and near-duplicates on
the change form, and the changelist's "needs attention" filter (which reads
the findings stored on save, never parses anything itself)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..models import Question
from ..quality.checks import ISSUE_LABELS
from ..quality.duplicates import SIMILARITY_THRESHOLD, DuplicateCheckTimedOut, near_duplicates

ANY_ISSUE = "any"


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [(ANY_ISSUE, _("Any issue")), *ISSUE_LABELS.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value == ANY_ISSUE:
            return queryset.needing_attention()
        if value in ISSUE_LABELS:
            return queryset.needing_attention(value)
        return queryset


class QualityAdminMixin:
    """Shows what the checks find on the change form, above the fields."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._quality_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _quality_context(self, request, question):
        # Checked afresh (links may have broken since the last save), on the
        # saved text as the stored findings are: a form sent back with errors
        # has put the unsaved input on `question`.
        saved = question if request.method == "GET" else Question.objects.get(pk=question.pk)
        try:
            duplicates = near_duplicates(saved, policies.visible_questions(request.user))
            timed_out = False
        except DuplicateCheckTimedOut:
            duplicates, timed_out = [], True
        return {
            "quality_issues": saved.quality_findings(),
            "near_duplicates": duplicates,
            "duplicate_check_timed_out": timed_out,
            "similarity_threshold": SIMILARITY_THRESHOLD,
        }
