"""A learner's day as the practice page reads it in one statement
(practice/today.py): today's new cards and grades, and the grade an undo
button would take back — the answers of the queries it replaced."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import scheduling, today, undo
from practice.models import Card, PracticeSettings, ReviewLog
from practice.owners import Owner
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client, owner

pytestmark = [pytest.mark.django_db]


def test_nobody_has_an_empty_day():
    assert today.of(None, timezone.now()) == today.Today()


def test_a_day_counts_todays_new_cards_and_grades_and_offers_the_last_grade():
    user, first, second = UserFactory(), QuestionFactory(), QuestionFactory(title="The latest")
    now = timezone.now()
    scheduling.grade(owner(user), first, 3, now=now - timedelta(minutes=2))
    scheduling.grade(owner(user), first, 1, now=now - timedelta(minutes=1))
    _card, log = scheduling.grade(owner(user), second, 3, now=now)

    day = today.of(owner(user), now)

    assert (day.new, day.reviews) == (2, 3)
    assert day.undoable.pk == log.pk == undo.last_undoable(owner(user), now).pk
    assert day.undoable.card_id == log.card_id
    assert day.undoable.question.title == "The latest"


def test_a_guests_day_is_theirs():
    guest, question = Owner(guest_key=uuid.uuid4()), QuestionFactory()
    now = timezone.now()
    _card, log = scheduling.grade(guest, question, 3, now=now)
    scheduling.grade(owner(UserFactory()), QuestionFactory(), 3, now=now)  # someone else's

    day = today.of(guest, now)

    assert (day.new, day.reviews, day.undoable.pk) == (1, 1, log.pk)
    assert today.of(Owner(guest_key=uuid.uuid4()), now) == today.Today()


def test_a_grade_past_the_undo_window_or_not_undoable_is_not_offered():
    user, question = UserFactory(), QuestionFactory()
    now = timezone.now()
    scheduling.grade(owner(user), question, 3, now=now - undo.UNDO_WINDOW - timedelta(minutes=1))
    assert today.of(owner(user), now).undoable is None
    scheduling.grade(owner(user), question, 3, now=now)
    ReviewLog.objects.update(undoable=False)  # written before undo existed
    assert today.of(owner(user), now).undoable is None


def test_cards_begun_before_today_are_not_new_today():
    user = UserFactory()
    scheduling.grade(owner(user), QuestionFactory(), 3, now=timezone.now())
    Card.objects.update(created_at=today.start_of_today() - timedelta(seconds=1))
    assert today.of(owner(user), timezone.now()).new == 0


def test_the_page_counts_cards_held_back_by_the_review_limit(english):
    user = UserFactory()
    PracticeSettings.objects.create(user=user, daily_review_limit=1)
    for question in (QuestionFactory(), QuestionFactory()):
        scheduling.grade(owner(user), question, 4, now=timezone.now() - timedelta(days=40))
    Card.objects.update(due=timezone.now() - timedelta(hours=1))
    scheduling.grade(owner(user), QuestionFactory(), 3, now=timezone.now())  # today's one grade

    page = english_client(user).get(reverse("practice:home"))

    assert page.context["next"].review_limit_met
    assert page.context["next"].card is None
    assert "2 reviews due" in page.content.decode()
