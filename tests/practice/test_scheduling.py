"""Grades go through the fsrs library's Scheduler: the stored card matches
what the library itself computes for the same reviews at the same times."""

from datetime import timedelta

import fsrs
import pytest

from practice import scheduling
from practice.models import Card, ReviewLog
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import NOON, owner

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _no_fuzz(settings):
    settings.PRACTICE_FSRS_FUZZING = False


def _library_replay(grades):
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=grades[0][0])
    for moment, rating in grades:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), review_datetime=moment)
    return card


def test_first_grade_creates_a_card_scheduled_as_the_library_does():
    user, question = UserFactory(), QuestionFactory()

    card, log = scheduling.grade(owner(user), question, ReviewLog.Rating.GOOD, now=NOON, duration_ms=4200)

    expected = _library_replay([(NOON, 3)])
    card.refresh_from_db()
    assert card.due == expected.due
    assert card.state == expected.state == fsrs.State.Learning
    assert card.step == expected.step
    assert card.stability == pytest.approx(expected.stability)
    assert card.difficulty == pytest.approx(expected.difficulty)
    assert card.last_review == NOON
    assert (log.rating, log.reviewed_at, log.duration_ms, log.elapsed_seconds) == (3, NOON, 4200, None)


def test_a_series_of_grades_matches_the_library_interval_by_interval():
    user, question = UserFactory(), QuestionFactory()
    grades = [(NOON, 3), (NOON + timedelta(minutes=10), 3), (NOON + timedelta(days=3), 4)]
    for moment, rating in grades:
        card, log = scheduling.grade(owner(user), question, rating, now=moment)

    expected = _library_replay(grades)
    card.refresh_from_db()
    assert card.state == fsrs.State.Review
    assert card.due == expected.due
    assert card.due - grades[-1][0] >= timedelta(days=1)  # a review interval in days, not minutes
    assert card.stability == pytest.approx(expected.stability)
    assert log.elapsed_seconds == 3 * 86400 - 600
    assert Card.objects.count() == 1
    assert ReviewLog.objects.filter(card=card).count() == 3


def test_again_sends_a_review_card_to_relearning_like_the_library():
    user, question = UserFactory(), QuestionFactory()
    grades = [(NOON, 4), (NOON + timedelta(days=20), 1)]
    for moment, rating in grades:
        card, _ = scheduling.grade(owner(user), question, rating, now=moment)
    expected = _library_replay(grades)
    card.refresh_from_db()
    assert card.state == expected.state == fsrs.State.Relearning
    assert card.due == expected.due


def test_the_log_replays_to_the_stored_state():
    user, question = UserFactory(), QuestionFactory()
    for days, rating in [(0, 3), (1, 3), (5, 2), (15, 3)]:
        card, _ = scheduling.grade(owner(user), question, rating, now=NOON + timedelta(days=days))
    card.refresh_from_db()
    replayed = scheduling.recompute(card)
    assert replayed.due == card.due
    assert replayed.stability == pytest.approx(card.stability)
    assert replayed.difficulty == pytest.approx(card.difficulty)


def test_a_stray_duration_is_capped():
    user, question = UserFactory(), QuestionFactory()
    _, log = scheduling.grade(owner(user), question, 3, now=NOON, duration_ms=10**12)
    assert log.duration_ms == scheduling.MAX_DURATION_MS
