"""What candidates' practice says about each question, across all of them:
how often it was reviewed, how often graded *Again*, how often forgotten
after it was learnt, FSRS's mean difficulty for it, and the key point its
typed answers miss most often, when that is evidence. Counts only — no row
names or points to a candidate. Written by practice's periodic job
(practice/struggle.py: questions knows nothing of practice); read by the
editors' "candidates struggle here" queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..keypoints.parse import MAX_STATEMENT_LENGTH
from .question import Question


class PracticeSignal(models.Model):
    question = models.OneToOneField(
        Question,
        verbose_name=_("question"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="practice_signal",
    )
    reviews = models.PositiveIntegerField(_("reviews"))
    again = models.PositiveIntegerField(_("graded Again"))
    lapses = models.PositiveIntegerField(_("lapses"))
    mean_difficulty = models.FloatField(_("mean FSRS difficulty"), null=True)
    # Typed answers checked against the key points (those typed before the
    # verdicts were kept are not counted).
    typed_answers = models.PositiveIntegerField(_("typed answers"), default=0)
    # The key point missed far more often than the bank's points are, as its
    # statement reads now: missed by `most_missed_count` of the
    # `most_missed_of` typed answers checked against it. Empty (and None)
    # when no point is (few answers are no evidence).
    most_missed = models.CharField(
        _("key point most often missed"), max_length=MAX_STATEMENT_LENGTH, blank=True, default=""
    )
    most_missed_count = models.PositiveIntegerField(_("typed answers missing it"), null=True)
    most_missed_of = models.PositiveIntegerField(_("typed answers checked against it"), null=True)
    # Decided by the job against the bank's norm at the time (see
    # practice/struggle.py), so that the queue is a plain indexed filter.
    struggling = models.BooleanField(_("candidates struggle here"), default=False)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("practice signal")
        verbose_name_plural = _("practice signals")
        indexes = [
            models.Index(
                fields=["question"], name="questions_signal_struggling", condition=models.Q(struggling=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.again}/{self.reviews}"

    @property
    def again_share(self) -> float:
        return self.again / self.reviews if self.reviews else 0.0
