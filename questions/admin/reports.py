"""Candidates' reports in the question admin: the open ones listed on the
change form beside the review comments, each resolved with a reason by
whoever can act on the question."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial import reports
from ..models import MAX_RESOLUTION_LENGTH, Report
from .access import QuestionAccessMixin


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("How was it resolved?"), max_length=MAX_RESOLUTION_LENGTH, strip=True
    )


def reports_context(request, question) -> dict:
    open_reports = list(question.reports.open().for_display())
    for report in open_reports:
        report.question = question  # the rule asks about it: no query per report
        report.may_resolve = policies.can_resolve_report(request.user, report)
    return {"open_reports": open_reports, "resolution_form": ResolutionForm(prefix="report")}


class ReportAdminMixin(QuestionAccessMixin):
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/reports/<int:report_id>/resolve/",
                self.admin_site.admin_view(require_POST(self.resolve_report_view)),
                name="{}_{}_resolve_report".format(*info),
            ),
            *super().get_urls(),
        ]

    def resolve_report_view(self, request, object_id, report_id):
        question = self._get_question_for_user(request, object_id)
        form = ResolutionForm(request.POST, prefix="report")
        try:
            if not form.is_valid():
                raise ValidationError(_("Say in at most 200 characters how the report was resolved."))
            reports.resolve(report_id, question, request.user, form.cleaned_data["resolution"])
        except Report.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("Report resolved; it stays in the history."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))
