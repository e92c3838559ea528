"""FSRS scheduling through the `fsrs` package: the stored Card is turned into
an `fsrs.Card`, the library's Scheduler reviews it, and the result is written
back with a ReviewLog row. Nothing here computes an interval itself."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import fsrs
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from questions.models import Question

from .interview import Interview, capped_due
from .models import Card, ReviewDay, ReviewLog
from .owners import Owner
from .preferences import Preferences, of_user

DEFAULT_PARAMETERS = tuple(fsrs.Scheduler().parameters)
RECALL_TEST_SECONDS = 86_400
# A grade's time to answer is capped: a tab left open overnight is not a
# 10-hour answer.
MAX_DURATION_MS = 60 * 60 * 1000


def scheduler(preferences: Preferences | None = None, *, fuzzing: bool | None = None) -> fsrs.Scheduler:
    """The library's scheduler with the learner's parameters (personal ones
    once optimised, else the library's defaults), desired retention and
    learning steps. Fuzzing spreads reviews of cards
    learned together over nearby days; tests turn it off
    (PRACTICE_FSRS_FUZZING) to compare exact dates."""
    preferences = preferences or Preferences()
    if fuzzing is None:
        fuzzing = getattr(settings, "PRACTICE_FSRS_FUZZING", True)
    parameters = preferences.fsrs_parameters or DEFAULT_PARAMETERS
    try:
        return fsrs.Scheduler(
            parameters=parameters,
            desired_retention=preferences.desired_retention,
            learning_steps=preferences.steps(),
            enable_fuzzing=fuzzing,
        )
    except (ValueError, TypeError):
        if not preferences.fsrs_parameters:
            raise
        # Personal parameters the library refuses: its defaults instead.
        return scheduler(replace(preferences, fsrs_parameters=()), fuzzing=fuzzing)


def _interview_for(question: Question | None, preferences: Preferences, now: datetime) -> Interview | None:
    """The interview that cuts this question's intervals now, if any."""
    interview = Interview.of(preferences)
    if interview is None or question is None or not interview.is_ahead(now) or not interview.covers(question):
        return None
    return interview


def preview(
    card: Card | None, preferences: Preferences, now: datetime, question: Question | None = None
) -> dict[int, timedelta]:
    """Each grade's interval for `card` (None: a new card) of `question`
    graded at `now`, as the buttons show it: unfuzzed, as Anki shows them
    (the grade itself may land a few percent either side), cut by an
    interview ahead as the grade would be."""
    now = _utc(now)
    interview = _interview_for(question, preferences, now)
    # A card without a memory state yet (never graded) is reviewed as new.
    current = fsrs.Card(card_id=1, due=now)
    if card is not None and card.stability is not None and card.difficulty is not None:
        current = to_fsrs(card)
    plain = scheduler(preferences, fuzzing=False)
    intervals = {}
    for rating in fsrs.Rating:
        due = plain.review_card(current, rating, review_datetime=now)[0].due
        if interview is not None:
            due = capped_due(question.pk, due, now, interview)  # type: ignore[union-attr]  # set with interview
        intervals[int(rating)] = due - now
    return intervals


def to_fsrs(card: Card) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.pk or 0,  # given, or the library sleeps 1 ms to make one
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review) if card.last_review else None,
    )


def _copy_state(source: fsrs.Card, card: Card) -> None:
    card.state = int(source.state)
    card.step = source.step
    card.stability = source.stability
    card.difficulty = source.difficulty
    card.due = source.due
    card.last_review = source.last_review


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def grade(
    owner: Owner,
    question: Question,
    rating: int,
    *,
    now: datetime,
    duration_ms: int | None = None,
    preferences: Preferences | None = None,
):
    """Record `rating` (1–4) of `question` by `owner` at `now`: create the
    card on its first grade, move it on with FSRS, log the review with the
    card's prior state (for undo). Returns (card, log). Concurrent grades of
    one card are serialized by a row lock. Without `preferences`, an
    account's own are read (a guest's live in their session: the caller's)."""
    if preferences is None:
        preferences = of_user(owner.user_id)
    rating = fsrs.Rating(rating)
    now = _utc(now)
    if duration_ms is not None:
        duration_ms = max(0, min(int(duration_ms), MAX_DURATION_MS))
    with transaction.atomic():
        card = Card.objects.select_for_update().filter(question=question, **owner.columns()).first()
        created = False
        if card is None:
            created = True
            # ON CONFLICT DO NOTHING: a second tab grading the same new card
            # at the same moment finds the first one's row instead of failing.
            Card.objects.bulk_create(
                [Card(question=question, due=now, created_at=now, **owner.columns())], ignore_conflicts=True
            )
            card = Card.objects.select_for_update().get(question=question, **owner.columns())
        elapsed = int((now - card.last_review).total_seconds()) if card.last_review else None
        prior = _prior_state(card)
        test, recalled = recall_test(elapsed, int(rating))
        card.recall_tests += test
        card.recalled += recalled
        reviewed, _ = scheduler(preferences).review_card(to_fsrs(card), rating, review_datetime=now)
        _copy_state(reviewed, card)
        interview = _interview_for(question, preferences, now)
        if interview is not None:
            card.due = capped_due(question.pk, card.due, now, interview)
        card.save(
            update_fields=[
                "state",
                "step",
                "stability",
                "difficulty",
                "due",
                "last_review",
                "recall_tests",
                "recalled",
            ]
        )
        log = ReviewLog.objects.create(
            card=card,
            question=question,
            rating=int(rating),
            reviewed_at=now,
            elapsed_seconds=max(elapsed, 0) if elapsed is not None else None,
            duration_ms=duration_ms,
            undoable=True,
            card_created=created,
            **prior,
            **owner.columns(),
        )
        _count_review_day(owner, timezone.localdate(now), test, recalled)
    return card, log


def _prior_state(card: Card) -> dict:
    return {
        "prior_state": card.state,
        "prior_step": card.step,
        "prior_stability": card.stability,
        "prior_difficulty": card.difficulty,
        "prior_due": card.due,
        "prior_last_review": card.last_review,
    }


def recall_test(elapsed_seconds: int | None, rating: int) -> tuple[int, int]:
    """(1 if the grade tested memory — a day or more after the previous
    review — else 0, 1 if it was such a test and not Again)."""
    test = int(elapsed_seconds is not None and elapsed_seconds >= RECALL_TEST_SECONDS)
    return test, int(test and rating > fsrs.Rating.Again)


def _count_review_day(owner: Owner, day, test: int, recalled: int) -> None:
    # One statement, safe under concurrent grades: insert the day or add one.
    table = ReviewDay._meta.db_table
    column, value = (
        ("user_id", owner.user_id) if owner.user_id is not None else ("guest_key", owner.guest_key)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({column}, day, reviews, recall_tests, recalled) VALUES (%s, %s, 1, %s, %s) "
            f"ON CONFLICT ({column}, day) WHERE {column} IS NOT NULL "
            f"DO UPDATE SET reviews = {table}.reviews + 1, "
            f"recall_tests = {table}.recall_tests + EXCLUDED.recall_tests, "
            f"recalled = {table}.recalled + EXCLUDED.recalled",
            [value, day, test, recalled],
        )


def recompute(card: Card, preferences: Preferences | None = None) -> fsrs.Card:
    """The card's state replayed from its review log by the library's own
    `reschedule_card` (after a change of scheduler or parameters)."""
    logs = [
        fsrs.ReviewLog(
            card_id=card.pk,
            rating=fsrs.Rating(log.rating),
            review_datetime=_utc(log.reviewed_at),
            review_duration=log.duration_ms,
        )
        for log in card.reviews.all()
    ]
    return scheduler(preferences).reschedule_card(to_fsrs(card), logs)
