"""The public side of candidates' reports: a page per question with the
form (a page of its own, so the question page stays one shared cached copy
without a CSRF token) and, for a signed-in reporter, what became of their
earlier reports on it."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .. import policies
from ..editorial import reports
from ..models import MAX_REPORT_LENGTH, Report


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong?"), choices=Report.Kind.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Details (optional)"),
        max_length=MAX_REPORT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What should the answer say, or which question does it duplicate?"),
    )


def _get_question_for_user(request, slug):
    question = (
        policies.visible_questions(request.user).only("pk", "title", "slug", "status").filter(slug=slug)
    )
    question = question.first()
    if question is None or not policies.can_report(request.user, question):
        raise Http404
    return question


def _own_reports(request, question) -> list:
    if not request.user.is_authenticated:
        return []
    return list(Report.objects.filter(question=question, reporter=request.user).order_by("-created_at")[:20])


@never_cache
def report_problem(request, slug):
    question = _get_question_for_user(request, slug)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            reports.file_report(request, question, form.cleaned_data["kind"], form.cleaned_data["comment"])
        except reports.ReportRefused:
            return render(request, "accounts/throttled.html", status=429)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "questions/report_sent.html", {"question": question})
    elif request.method == "POST":
        status = 400
    context = {"question": question, "form": form, "own_reports": _own_reports(request, question)}
    return render(request, "questions/report.html", context, status=status)
