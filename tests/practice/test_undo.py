"""Undo of the last grade: the card's exact prior state comes back from its
review log; only the learner's latest, recent grade; nothing of anyone else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import scheduling, undo
from practice.models import Card, ReviewDay, ReviewLog
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client, owner

pytestmark = [pytest.mark.django_db]

SCHEDULING_FIELDS = (
    *("state", "step", "stability", "difficulty", "due", "last_review", "created_at"),
    *("recall_tests", "recalled"),
)


def _fields(card):
    card.refresh_from_db()
    return {name: getattr(card, name) for name in SCHEDULING_FIELDS}


def test_undo_restores_every_scheduling_field_exactly():
    user, question = UserFactory(), QuestionFactory()
    now = timezone.now()
    for days, rating in [(-20, 3), (-19, 3), (-12, 2), (-2, 4)]:
        card, _ = scheduling.grade(owner(user), question, rating, now=now + timedelta(days=days))
    before = _fields(card)
    logs_before = ReviewLog.objects.count()
    scheduling.grade(owner(user), question, 1, now=now)
    assert _fields(card) != before

    undone = undo.undo_last(owner(user), now + timedelta(seconds=5))

    assert undone is not None
    assert undone.rating == 1
    assert _fields(card) == before  # exact equality, floats and microseconds included
    assert before["recall_tests"] == 3  # the grades a day or more apart
    assert ReviewLog.objects.count() == logs_before
    today = ReviewDay.objects.get(user=user, day=timezone.localdate(now))
    assert (today.reviews, today.recall_tests, today.recalled) == (0, 0, 0)


def test_undo_of_a_first_grade_forgets_the_card_and_the_days_count():
    user, question = UserFactory(), QuestionFactory()
    now = timezone.now()
    scheduling.grade(owner(user), question, 3, now=now)
    assert ReviewDay.objects.get(user=user).reviews == 1

    undo.undo_last(owner(user), now)

    assert not Card.objects.exists()
    assert not ReviewLog.objects.exists()
    assert ReviewDay.objects.get(user=user).reviews == 0


def test_only_the_latest_recent_grade_can_be_undone():
    user, first, second = UserFactory(), QuestionFactory(), QuestionFactory()
    now = timezone.now()
    scheduling.grade(owner(user), first, 3, now=now - timedelta(minutes=2))
    scheduling.grade(owner(user), second, 3, now=now - timedelta(minutes=1))
    assert undo.undo_last(owner(user), now).question_id == second.pk
    assert undo.undo_last(owner(user), now).question_id == first.pk
    assert undo.undo_last(owner(user), now) is None

    scheduling.grade(owner(user), first, 3, now=now - undo.UNDO_WINDOW - timedelta(seconds=1))
    assert undo.undo_last(owner(user), now) is None
    assert Card.objects.filter(user=user).count() == 1


def test_a_grade_logged_before_undo_existed_is_not_undone():
    user, question = UserFactory(), QuestionFactory()
    now = timezone.now()
    scheduling.grade(owner(user), question, 3, now=now)
    ReviewLog.objects.update(undoable=False)
    assert undo.undo_last(owner(user), now) is None
    assert Card.objects.count() == 1


def test_the_undo_button_takes_back_the_grade_and_shows_the_card_again():
    user, question = UserFactory(), QuestionFactory()
    client = english_client(user)
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 1})
    page = client.get(reverse("practice:home")).content.decode()
    assert "Undo the grade of" in page

    response = client.post(reverse("practice:undo"), follow=True)

    assert "Your last grade was undone." in response.content.decode()
    assert response.context["next"].question == question
    assert response.context["next"].card is None  # new again
    assert not Card.objects.exists()


def test_undo_cannot_reach_another_learners_grade():
    user, stranger, question = UserFactory(), UserFactory(), QuestionFactory()
    scheduling.grade(owner(user), question, 3, now=timezone.now())
    response = english_client(stranger).post(reverse("practice:undo"), follow=True)
    assert "There is no recent grade to undo." in response.content.decode()
    assert ReviewLog.objects.filter(user=user).count() == 1
    assert english_client().post(reverse("practice:undo")).status_code == 302
    assert ReviewLog.objects.count() == 1
