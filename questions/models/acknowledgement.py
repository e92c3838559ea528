"""A quality check acknowledged on one question: an editor or publisher read
the finding and decided it is fine here (the seed article's one-line
explanations are the article's own), with the reason why. The finding stays
on the change form, marked; it leaves the "needs attention" filter. The row
is kept while the check finds the same kind of thing again; a finding of
another kind is new. Withdrawing keeps the row (who acknowledged, why, and
when it was withdrawn), so that the seed never acknowledges again what an
editor withdrew."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..quality.checks import ISSUE_LABELS
from .question import Question

MAX_ACKNOWLEDGEMENT_REASON = 300


class QualityAcknowledgementQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(withdrawn_at__isnull=True)


class QualityAcknowledgement(models.Model):
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="quality_acknowledgements",
    )
    issue = models.CharField(_("check"), max_length=40, choices=list(ISSUE_LABELS.items()))
    reason = models.CharField(_("reason"), max_length=MAX_ACKNOWLEDGEMENT_REASON)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = QualityAcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("acknowledged check")
        verbose_name_plural = _("acknowledged checks")
        constraints = [
            models.UniqueConstraint(fields=["question", "issue"], name="questions_acknowledgement_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.issue}"
