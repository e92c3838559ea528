"""What staff see of candidates' practice in the admin: read-only rows named
by their question and state."""

import pytest
from django.utils import timezone

from practice.models import Card, ReviewLog
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_card_and_a_review_are_named_by_their_question_and_state(admin_client, english):
    question = QuestionFactory()
    card = Card.objects.create(user=UserFactory(), question=question, due=timezone.now())
    log = ReviewLog.objects.create(user=card.user, card=card, question=question, rating=3)
    assert str(card) == f"{question.pk} (Learning)"  # a new card starts in learning (FSRS)
    assert str(log) == f"{question.pk}: Good"
    page = admin_client.get(f"/admin/practice/card/{card.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert str(card) in page.content.decode()
