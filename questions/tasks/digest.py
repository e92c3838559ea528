"""The daily e-mail of each subscriber's queues, sent by the job queue's
periodic task (one deferral per tick, however many workers run)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from procrastinate.contrib.django import app

from ..editorial.digest import digests

SUBJECT_TEMPLATE = "questions/email/queue_digest_subject.txt"
BODY_TEMPLATE = "questions/email/queue_digest.txt"


@app.periodic(cron=settings.QUEUE_DIGEST_CRON, periodic_id="queue-digest")
@app.task(name="questions.send_queue_digests", queueing_lock="questions.send_queue_digests")
def send_queue_digests(timestamp: int):
    site = settings.SITE_URL.rstrip("/")
    # Staff work in the site's language; the admin has no per-person one.
    with translation.override(settings.LANGUAGE_CODE):
        changelist = site + reverse("admin:questions_question_changelist")
        for user, lines in digests():
            context = {
                "user": user,
                "lines": lines,
                "changelist": changelist,
                "index": site + reverse("admin:index"),
            }
            subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
            send_mail(subject, render_to_string(BODY_TEMPLATE, context), None, [user.email])
