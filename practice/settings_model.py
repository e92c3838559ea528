"""A learner's practice preferences as an account keeps them (a guest's live
in the session: practice.preferences), with their bounds."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DAILY_NEW = 500
DEFAULT_DAILY_NEW = 20
MAX_DAILY_REVIEWS = 9_999
DEFAULT_DAILY_REVIEWS = 200
# FSRS's desired retention: below 0.7 intervals grow absurdly long, above
# 0.99 the workload explodes (the bounds FSRS's own tools advise).
MIN_RETENTION = 0.70
MAX_RETENTION = 0.99
DEFAULT_RETENTION = 0.9
DEFAULT_LEARNING_STEPS = "1m 10m"
MAX_STEPS_LENGTH = 60


class PracticeSettings(models.Model):
    """An account's practice preferences (a guest's live in the session)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_settings"
    )
    daily_new_limit = models.PositiveSmallIntegerField(
        _("new questions per day"),
        default=DEFAULT_DAILY_NEW,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAILY_NEW)],
    )
    daily_review_limit = models.PositiveSmallIntegerField(
        _("reviews per day"),
        default=DEFAULT_DAILY_REVIEWS,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAILY_REVIEWS)],
    )
    desired_retention = models.FloatField(
        _("desired retention"),
        default=DEFAULT_RETENTION,
        validators=[MinValueValidator(MIN_RETENTION), MaxValueValidator(MAX_RETENTION)],
    )
    # Written like "1m 10m" (practice.preferences.parse_steps reads it).
    learning_steps = models.CharField(
        _("learning steps"), max_length=MAX_STEPS_LENGTH, default=DEFAULT_LEARNING_STEPS
    )
    hide_difficulty = models.BooleanField(_("hide the difficulty while practising"), default=False)
    # An interview ahead (practice.interview): until that day no card in its
    # scope is due past it. No date: plain FSRS. No categories and no tags:
    # every question is in scope.
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    interview_categories = models.JSONField(_("interview categories"), default=list, blank=True)
    interview_tags = models.JSONField(_("interview tags"), default=list, blank=True)
    # Personal FSRS parameters (practice.optimizer), empty for the defaults,
    # and how they did against the defaults on the learner's own log.
    fsrs_parameters = models.JSONField(_("FSRS parameters"), default=list, blank=True)
    fsrs_log_loss_before = models.FloatField(_("log loss with the default parameters"), null=True, blank=True)
    fsrs_log_loss_after = models.FloatField(_("log loss with the personal parameters"), null=True, blank=True)
    fsrs_reviews = models.PositiveIntegerField(_("reviews optimised on"), default=0)
    fsrs_optimised_at = models.DateTimeField(_("optimised"), null=True, blank=True)

    class Meta:
        verbose_name = _("practice settings")
        verbose_name_plural = _("practice settings")

    def __str__(self) -> str:
        return str(self.user_id)
