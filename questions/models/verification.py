"""A publisher's word that a question's answer still holds: who checked it,
when and why they are sure. Kept as a log (every check, never edited); the
newest is the question's "last checked", shown on its public page, and what
the re-verification queue measures from (questions' due_for_reverification)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .question import Question

MAX_VERIFICATION_REASON = 300


class Verification(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="verifications"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=MAX_VERIFICATION_REASON)
    verified_at = models.DateTimeField(_("verified"), default=timezone.now)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        indexes = [models.Index(fields=["question", "-verified_at"], name="questions_verification_latest")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.verified_at:%Y-%m-%d}"
