"""Candidates report a problem with a question; whoever can act on the
question resolves the report with a reason, and a signed-in reporter is told
by e-mail (a job, `questions.tasks.reports`, queued on `report_resolved`).

Open to guests, so bounded twice: per person (their reports of the last
hour, counted in the table itself) and per address (`accounts.throttle`,
shared with sign-up and password resets, which keeps an address an hour)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import throttle

from .. import policies
from ..models import MAX_REPORT_LENGTH, MAX_RESOLUTION_LENGTH, Report

THROTTLE_ACTION = "question-report"
# Sent when a signed-in candidate's report is resolved, with `report`.
report_resolved = Signal()
PERSON_WINDOW = timedelta(hours=1)


class ReportRefused(Exception):
    """Too many reports from this person or address: try again later."""


def within_limits(request) -> bool:
    """Whether the request's person and address may report once more; an
    allowed report is counted against the address."""
    user = request.user
    if user.is_authenticated:
        recent = Report.objects.by_reporter_since(user, timezone.now() - PERSON_WINDOW).count()
        if recent >= settings.REPORTS_PER_PERSON_PER_HOUR:
            return False
    return throttle.allow(request, THROTTLE_ACTION, settings.REPORTS_PER_ADDRESS_PER_HOUR)


def file_report(request, question, kind: str, comment: str) -> Report:
    """Record a report by the request's visitor (a guest's names nobody)."""
    user = request.user
    if not policies.can_report(user, question):
        raise PermissionDenied
    comment = comment.strip()
    if len(comment) > MAX_REPORT_LENGTH or kind not in Report.Kind.values:
        raise ValidationError(_("Choose a problem and write at most 1,000 characters."))
    if not within_limits(request):
        raise ReportRefused
    return Report.objects.create(
        question=question,
        kind=kind,
        comment=comment,
        reporter=user if user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def resolve(report_pk: int, question, user, resolution: str) -> Report:
    """Close a report with the reason (a second resolve changes nothing) and
    queue the e-mail that tells its reporter."""
    resolution = resolution.strip()
    if not resolution or len(resolution) > MAX_RESOLUTION_LENGTH:
        raise ValidationError(_("Say in at most 200 characters how the report was resolved."))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_pk, question=question)
        report.question = question  # the rule asks about it: no query
        if not policies.can_resolve_report(user, report):
            raise PermissionDenied
        if report.resolved_at is None:
            report.mark_resolved(user)
            report.resolution = resolution
            report.save(update_fields=["resolved_at", "resolved_by", "resolution"])
            if report.reporter_id is not None:
                # The e-mail's job is queued by `questions.signals` (the jobs sit above the workflow).
                report_resolved.send(sender=Report, report=report)
    return report


def export_reports(user) -> dict:
    """A person's reports, for their personal-data export (registered in
    `QuestionsConfig.ready()`). Deleting the account keeps the reports,
    naming nobody: they are about the question, not the person."""
    rows = Report.objects.filter(reporter=user).select_related("question").order_by("created_at", "pk")
    return {
        "reports": [
            {
                "question": report.question.slug,
                "kind": report.kind,
                "comment": report.comment,
                "created_at": report.created_at.isoformat(),
                "resolved_at": report.resolved_at.isoformat() if report.resolved_at else None,
                "resolution": report.resolution,
            }
            for report in rows
        ]
    }
