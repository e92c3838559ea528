"""Candidates' reports of a problem with a question: wrong, outdated,
unclear, a duplicate, a typo. A report is a review item on the question, kept
once resolved (who, when and why), like a review comment. The reporter is
kept only to tell them of the resolution: a guest's report names nobody, and
no address is stored (the per-address limit counts in `accounts.throttle`,
which forgets after an hour)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .question import Question
from .resolvable import Resolvable, ResolvableQuerySet

MAX_REPORT_LENGTH = 1_000
MAX_RESOLUTION_LENGTH = 200


class ReportQuerySet(ResolvableQuerySet):
    def for_display(self):
        return self.select_related("resolved_by").order_by("created_at", "pk")

    def by_reporter_since(self, user, since):
        return self.filter(reporter=user, created_at__gte=since)


class Report(Resolvable):
    class Kind(models.TextChoices):
        WRONG = "wrong", _("The answer is wrong")
        OUTDATED = "outdated", _("The answer is outdated")
        UNCLEAR = "unclear", _("The question or answer is unclear")
        DUPLICATE = "duplicate", _("It duplicates another question")
        TYPO = "typo", _("A typo or a broken format")

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("problem"), max_length=20, choices=Kind.choices)
    comment = models.TextField(_("comment"), max_length=MAX_REPORT_LENGTH, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The reporter's language, for the e-mail that tells them of the resolution.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    resolution = models.CharField(_("resolution"), max_length=MAX_RESOLUTION_LENGTH, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            # The queue and the change form: a question's open reports.
            models.Index(
                fields=["question"], name="report_open", condition=models.Q(resolved_at__isnull=True)
            ),
            # The per-person rate limit and the reporter's own list.
            models.Index(fields=["reporter", "created_at"], name="report_by_reporter"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.comment[:60]}"
