"""Quality checks in the question admin: the findings and near-duplicates on
the change form, acknowledging a finding with a reason (and withdrawing
that), and the changelist's "needs attention" filter (which reads the
findings stored on save and the acknowledgements, never parses anything
itself)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial import acknowledgements
from ..models import MAX_ACKNOWLEDGEMENT_REASON, Question
from ..quality.checks import ISSUE_LABELS
from ..quality.duplicates import SIMILARITY_THRESHOLD, DuplicateCheckTimedOut, near_duplicates
from .access import QuestionAccessMixin

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


class QualityAdminMixin(QuestionAccessMixin):
    """Shows what the checks find on the change form, above the fields, and
    takes the acknowledgements posted from there."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/checks/<str:issue>/acknowledge/",
                self.admin_site.admin_view(require_POST(self.acknowledge_check_view)),
                name="{}_{}_acknowledge_check".format(*info),
            ),
            path(
                "<path:object_id>/checks/<str:issue>/withdraw/",
                self.admin_site.admin_view(require_POST(self.withdraw_acknowledgement_view)),
                name="{}_{}_withdraw_acknowledgement".format(*info),
            ),
            *super().get_urls(),
        ]

    def acknowledge_check_view(self, request, object_id, issue):
        question = self._get_question_for_user(request, object_id)
        try:
            acknowledgements.acknowledge(question, request.user, issue, request.POST.get("reason", ""))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request, gettext("Check acknowledged: it leaves “needs attention”."), messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))

    def withdraw_acknowledgement_view(self, request, object_id, issue):
        question = self._get_question_for_user(request, object_id)
        acknowledgements.withdraw(question, request.user, issue)
        self.message_user(request, gettext("Acknowledgement withdrawn."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))

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
        acknowledged = acknowledgements.acknowledgements_of(saved)
        findings = saved.quality_findings()
        return {
            "quality_issues": [f for f in findings if f.code not in acknowledged],
            # Each acknowledged kind once, with the findings it covers now.
            "acknowledged_checks": [
                (a, [f for f in findings if f.code == code]) for code, a in acknowledged.items()
            ],
            "unacknowledged_codes": [
                (code, ISSUE_LABELS[code])
                for code in dict.fromkeys(f.code for f in findings)
                if code not in acknowledged
            ],
            "can_acknowledge": policies.can_acknowledge_check(request.user, saved),
            "acknowledgement_max_length": MAX_ACKNOWLEDGEMENT_REASON,
            "near_duplicates": duplicates,
            "duplicate_check_timed_out": timed_out,
            "similarity_threshold": SIMILARITY_THRESHOLD,
        }
