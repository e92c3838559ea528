"""The e-mail that tells a signed-in candidate their report was resolved,
sent by the job queue's worker so that resolving never waits for a mail
server. Written in the language the reporter reported in."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from ..models import Report

SUBJECT_TEMPLATE = "questions/email/report_resolved_subject.txt"
BODY_TEMPLATE = "questions/email/report_resolved.txt"


def queue_resolution_notice(report: Report, language: str) -> None:
    send_report_resolved.defer(report_id=report.pk, language=language)


# A mail server that is down is tried again after 4, 16, 64, 256 and 1,024 s.
@app.task(name="questions.send_report_resolved", retry=RetryStrategy(max_attempts=5, exponential_wait=4))
def send_report_resolved(report_id: int, language: str):
    report = Report.objects.select_related("question", "reporter").filter(pk=report_id).first()
    # Deleted since, or the reporter's account (or address) is gone: nobody to tell.
    if (
        report is None
        or report.reporter is None
        or not report.reporter.email
        or not report.reporter.is_active
    ):
        return
    context = {
        "report": report,
        "question_url": settings.SITE_URL.rstrip("/") + report.question.get_absolute_url(),
    }
    with translation.override(language):
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        body = render_to_string(BODY_TEMPLATE, context)
    send_mail(subject, body, None, [report.reporter.email])
