"""Verifying a published question (a publisher says its answer still holds,
and why) and the re-verification queue: questions not verified for
REVERIFY_AFTER_DAYS, or from an article written before
REVERIFY_SOURCES_BEFORE and not verified since."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies
from ..models import MAX_VERIFICATION_REASON, Question, Verification


def verify(question, user, reason: str) -> Verification:
    if not policies.can_verify(user, question):
        raise PermissionDenied
    reason = " ".join(reason.split())
    if not reason or len(reason) > MAX_VERIFICATION_REASON:
        raise ValidationError(_("Give a reason of at most 300 characters."))
    return Verification.objects.create(
        question=question, verified_by=None if user is policies.SYSTEM else user, reason=reason
    )


def due_for_reverification(questions=None, now=None):
    """Those of `questions` (all by default) due by the settings' rule."""
    now = now or timezone.now()
    questions = Question.objects.all() if questions is None else questions
    return questions.due_for_reverification(
        now - timedelta(days=settings.REVERIFY_AFTER_DAYS), settings.REVERIFY_SOURCES_BEFORE
    )


def last_verification(question) -> Verification | None:
    return question.verifications.select_related("verified_by").order_by("-verified_at").first()
