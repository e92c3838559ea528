"""What a learner keeps while practising: FSRS cards and their review log,
bookmarks, notes, mock interviews and a daily limit of new cards.

Every row belongs either to an account (`user`) or, before signing in, to a
browser session (`guest_key`, a random id kept in the session's data so that
it survives the session key being cycled at login): exactly one is set, a
check constraint says so. On login the guest's rows move to the account
(practice/merge.py); deleting an account deletes its rows (CASCADE).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questions.keypoints.check import MAX_ANSWER_LENGTH
from questions.models import Question

from .owned import Owned, OwnedQuerySet, owner_constraints

# The practice models in one place; the settings' bounds are imported from
# where they are defined (settings_model), not through here.
from .settings_model import PracticeSettings  # noqa: F401

MAX_NOTE_LENGTH = 5_000
MAX_MOCK_ANSWER_LENGTH = 10_000
# The key-point checker reads this much (questions.keypoints.check).
MAX_TYPED_ANSWER_LENGTH = MAX_ANSWER_LENGTH
MAX_MOCK_QUESTIONS = 50
# FSRS: a card whose memory lasts three weeks or more is "mature" (as in Anki).
MATURE_STABILITY_DAYS = 21


class CardQuerySet(OwnedQuerySet):
    def due(self, now):
        # Most overdue first, read in order from the (user, due) index.
        return self.filter(due__lte=now).order_by("due")

    def mature(self):
        return self.filter(stability__gte=MATURE_STABILITY_DAYS)


class Card(Owned):
    """One learner's FSRS memory state of one question (fsrs.Card's fields)."""

    class State(models.IntegerChoices):
        # The values of fsrs.State.
        LEARNING = 1, _("Learning")
        REVIEW = 2, _("Review")
        RELEARNING = 3, _("Relearning")

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.PositiveSmallIntegerField(_("state"), choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(_("learning step"), null=True, blank=True)
    stability = models.FloatField(_("stability (days)"), null=True, blank=True)
    difficulty = models.FloatField(_("difficulty"), null=True, blank=True)
    due = models.DateTimeField(_("due"))
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    created_at = models.DateTimeField(_("first seen"), default=timezone.now)
    # True recall, kept by every grade so the progress page sums it per
    # category in its one pass over the cards: grades a day or more after
    # the previous review (tests of memory), and those not Again.
    recall_tests = models.PositiveIntegerField(_("recall tests"), default=0, db_default=0)
    recalled = models.PositiveIntegerField(_("recalled"), default=0, db_default=0)

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            *owner_constraints("practice_card"),
            models.UniqueConstraint(
                fields=["user", "question"], name="practice_card_unique_user", condition=Q(user__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["guest_key", "question"],
                name="practice_card_unique_guest",
                condition=Q(guest_key__isnull=False),
            ),
        ]
        indexes = [
            # The practice queue: a user's due cards, most overdue first
            # (WHERE user_id = ? AND due <= now ORDER BY due); also the
            # progress page's 30-day forecast (due < now + 30 days).
            models.Index(
                fields=["user", "due"], name="practice_card_user_due", condition=Q(user__isnull=False)
            ),
            # The same for a guest's session.
            models.Index(
                fields=["guest_key", "due"],
                name="practice_card_guest_due",
                condition=Q(guest_key__isnull=False),
            ),
            # The daily limit: how many new cards a user took on today
            # (WHERE user_id = ? AND created_at >= start of today).
            models.Index(
                fields=["user", "created_at"], name="practice_card_user_new", condition=Q(user__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} ({self.get_state_display()})"


class ReviewLogQuerySet(OwnedQuerySet):
    pass


class ReviewLog(Owned):
    """One grade, kept forever: a card can be rescheduled (or FSRS's
    parameters optimized) from its log."""

    class Rating(models.IntegerChoices):
        # The values of fsrs.Rating.
        AGAIN = 1, _("Again")
        HARD = 2, _("Hard")
        GOOD = 3, _("Good")
        EASY = 4, _("Easy")

    card = models.ForeignKey(Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="reviews")
    # The card's question again, so that history reads need no join.
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    # Seconds since the card's previous review (None for its first).
    elapsed_seconds = models.PositiveIntegerField(_("seconds since last review"), null=True, blank=True)
    # Milliseconds from showing the question to grading it (None if unknown).
    duration_ms = models.PositiveIntegerField(_("time to answer (ms)"), null=True, blank=True)
    # The card as it was just before this grade, so that the grade can be
    # undone exactly (practice.undo). Logs written before undo existed have
    # `undoable` False; `card_created` means the grade made the card.
    undoable = models.BooleanField(_("can be undone"), default=False, db_default=False)
    card_created = models.BooleanField(_("first grade of the card"), default=False, db_default=False)
    prior_state = models.PositiveSmallIntegerField(_("state before"), null=True, blank=True)
    prior_step = models.PositiveSmallIntegerField(_("learning step before"), null=True, blank=True)
    prior_stability = models.FloatField(_("stability before"), null=True, blank=True)
    prior_difficulty = models.FloatField(_("difficulty before"), null=True, blank=True)
    prior_due = models.DateTimeField(_("due before"), null=True, blank=True)
    prior_last_review = models.DateTimeField(_("last review before"), null=True, blank=True)

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["reviewed_at", "pk"]
        constraints = owner_constraints("practice_reviewlog")
        indexes = [
            # A user's history in time order (the data export, recomputing
            # or optimizing FSRS from the log: WHERE user_id = ? ORDER BY reviewed_at).
            models.Index(
                fields=["user", "reviewed_at"], name="practice_log_user_time", condition=Q(user__isnull=False)
            ),
            # The same for a guest's session.
            models.Index(
                fields=["guest_key", "reviewed_at"],
                name="practice_log_guest_time",
                condition=Q(guest_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.get_rating_display()}"


class ReviewDay(Owned):
    """How many reviews a learner did on one day (in the time zone active
    when reviewing): kept by every grade so that the progress page's
    heatmap and streak read at most 366 rows instead of a year of logs."""

    day = models.DateField(_("day"))
    reviews = models.PositiveIntegerField(_("reviews"), default=0)
    # The day's recall tests and recalls (as on Card): recall over time.
    recall_tests = models.PositiveIntegerField(_("recall tests"), default=0, db_default=0)
    recalled = models.PositiveIntegerField(_("recalled"), default=0, db_default=0)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("day of reviews")
        verbose_name_plural = _("days of reviews")
        constraints = [
            *owner_constraints("practice_reviewday"),
            # Also the heatmap and streak (WHERE user_id = ? AND day >= ?).
            models.UniqueConstraint(
                fields=["user", "day"], name="practice_reviewday_unique_user", condition=Q(user__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["guest_key", "day"],
                name="practice_reviewday_unique_guest",
                condition=Q(guest_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.reviews}"


class Bookmark(Owned):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            *owner_constraints("practice_bookmark"),
            # Also "my bookmarks" (WHERE user_id = ?).
            models.UniqueConstraint(
                fields=["user", "question"],
                name="practice_bookmark_unique_user",
                condition=Q(user__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["guest_key", "question"],
                name="practice_bookmark_unique_guest",
                condition=Q(guest_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.question_id)


class Note(Owned):
    """A learner's private note on a question (plain text, shown escaped)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("note"), max_length=MAX_NOTE_LENGTH)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            *owner_constraints("practice_note"),
            models.UniqueConstraint(
                fields=["user", "question"], name="practice_note_unique_user", condition=Q(user__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["guest_key", "question"],
                name="practice_note_unique_guest",
                condition=Q(guest_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.question_id)


class MockInterview(Owned):
    category_slugs = models.JSONField(_("categories"), default=list)
    # 0: no time limit. Otherwise each question ends when it runs out
    # (practice.mock: a late answer is recorded as timed out).
    seconds_per_question = models.PositiveIntegerField(_("seconds per question"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("mock interview")
        verbose_name_plural = _("mock interviews")
        ordering = ["-started_at", "-pk"]
        constraints = owner_constraints("practice_mock")
        indexes = [
            # "Your mock interviews", newest first (WHERE user_id = ?).
            models.Index(
                fields=["user", "-started_at"], name="practice_mock_user", condition=Q(user__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.started_at:%Y-%m-%d})"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class MockAnswer(models.Model):
    """One question of a mock interview and what the candidate did with it."""

    interview = models.ForeignKey(MockInterview, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("your answer"), blank=True, max_length=MAX_MOCK_ANSWER_LENGTH)
    # The answer as sanitized Markdown, rendered once on submission
    # (practice.mock.submit); blank for answers kept before it was.
    text_html = models.TextField(blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Submitted past the interview's time limit, or ended by it (the page
    # loaded after the limit with nothing submitted).
    timed_out = models.BooleanField(_("timed out"), default=False)
    # The language model's check, when the candidate asked for it
    # (practice.model_checks): queued, then its verdict or why it failed.
    model_check = models.JSONField(null=True, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=ReviewLog.Rating.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "position"], name="practice_mockanswer_position"),
        ]

    def __str__(self) -> str:
        return f"{self.interview_id}#{self.position}"

    @property
    def seconds_used(self) -> int | None:
        if self.started_at is None or self.submitted_at is None:
            return None
        return int((self.submitted_at - self.started_at).total_seconds())


class ReadingCursor(models.Model):
    """Where a user's next new question is looked for: every published
    question before this point of the reading order (source, position,
    question id) has a card of theirs, so the queue walks on from here
    instead of past everything seen (practice.queue.first_unseen).

    Kept only while that stays true: triggers (migration 0003) delete the
    rows when a question is published or moved in the reading order, and a
    user's row when one of their cards is deleted or given to someone else.
    Plain integers, not foreign keys: a deleted question or source leaves
    the promise true. Known gap: a question published (committed) between a
    queue's walk and its cursor write, milliseconds apart, can stay behind
    the cursor until the next forgetting (the question is still browsable)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The question's reading key (practice.queue.READING_KEY): its source
    # and position, NULLs as the largest bigint.
    source = models.BigIntegerField()
    position = models.BigIntegerField()
    question = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.user_id} → {self.source}/{self.position}/{self.question}"


class TypedAnswer(Owned):
    """What a candidate typed before revealing the answer ("answer first"),
    and what the key-point checker made of it then. The candidate's own
    personal data: in their export, deleted with their account, never listed
    for editors (no admin page). The feedback is recomputed from the text
    when shown; the counts are what the checker said at the time."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("typed answer"), max_length=MAX_TYPED_ANSWER_LENGTH)
    covered = models.PositiveSmallIntegerField(_("key points covered"), default=0)
    points = models.PositiveSmallIntegerField(_("key points"), default=0)
    suggested_grade = models.PositiveSmallIntegerField(_("suggested grade"), null=True, blank=True)
    created_at = models.DateTimeField(_("typed"), default=timezone.now)
    # The language model's check, when the candidate asked for it
    # (practice.model_checks): queued, then its verdict or why it failed.
    model_check = models.JSONField(null=True, blank=True, editable=False)
    # The checker's verdict on each key point at the time, by the point's
    # statement as it then read: {"statement": covered?}. By statement, not
    # position, so that answers keep meaning what they meant once an editor
    # reorders, rewrites or adds points (practice/missed_points.py counts only
    # statements the question still has). None: typed before verdicts were
    # kept, unknown (never guessed).
    point_verdicts = models.JSONField(
        _("key points covered, by statement"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("typed answer")
        verbose_name_plural = _("typed answers")
        constraints = owner_constraints("practice_typedanswer")
        indexes = [
            models.Index(fields=["user", "question", "-created_at"], name="practice_typed_by_user"),
            models.Index(fields=["guest_key", "question", "-created_at"], name="practice_typed_by_guest"),
        ]

    def __str__(self) -> str:
        return str(self.question_id)
