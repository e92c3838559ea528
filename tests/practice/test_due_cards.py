"""The practice page's hand-written reads of due cards say what
`Filters.cards(owner).due(now)` says, for every filter shape and both kinds
of owner, in one statement each."""

import itertools
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from practice import due_cards
from practice.models import Card
from practice.owners import Owner
from practice.queue import Filters
from questions.models import Question
from tests.factories import QuestionFactory, SourceFactory, TagFactory, UserFactory, category
from tests.practice_helpers import owner

pytestmark = [pytest.mark.django_db]

SHAPES = {
    "no filter": Filters(),
    "category": Filters(category="coding"),
    "difficulty": Filters(difficulty="hard"),
    "source": Filters(source="the-article"),
    "tag": Filters(tag="attention"),
    "all four": Filters(category="coding", difficulty="hard", source="the-article", tag="attention"),
    "nothing matches": Filters(category="no-such-category"),
}


@pytest.fixture
def bank():
    """A learner's and a guest's cards over questions of every kind: due and
    not, in review and learning, published and not; and someone else's."""
    now = timezone.now()
    article = SourceFactory(title="The article", slug="the-article")
    attention = TagFactory(name="attention", slug="attention")
    learner, stranger = UserFactory(), UserFactory()
    guest = uuid.uuid4()
    kinds = [
        {"category": category("coding"), "difficulty": "hard", "source": article, "tags": [attention]},
        {"category": category("coding"), "difficulty": "easy"},
        {"category": category("concept"), "difficulty": "hard", "source": article},
        {"category": category("concept"), "difficulty": "medium", "tags": [attention]},
        {"category": category("coding"), "difficulty": "hard", "tags": [attention], "source": article},
    ]
    number = 0
    for kind in kinds:
        for status in (Question.Status.PUBLISHED, Question.Status.ARCHIVED):
            for days, state in ((-3, Card.State.REVIEW), (-1, Card.State.LEARNING), (2, Card.State.REVIEW)):
                number += 1
                question = QuestionFactory(status=status, source_position=number, **kind)
                due = now + timedelta(days=days, minutes=number)
                for columns in ({"user": learner}, {"guest_key": guest}, {"user": stranger}):
                    Card.objects.create(question=question, due=due, state=state, **columns)
    return now, [owner(learner), Owner(guest_key=guest)]


def test_the_most_overdue_card_is_the_querysets_first(bank):
    """Every filter shape, a user and a guest (one bank: it is 90 cards)."""
    now, owners = bank
    for (shape, filters), learner in itertools.product(SHAPES.items(), owners):
        expected = filters.cards(learner).due(now).first()
        found = due_cards.first_due(learner, filters, now)
        assert (found and found.pk) == (expected and expected.pk), (shape, learner)
        learning = filters.cards(learner).due(now).exclude(state=Card.State.REVIEW).first()
        found = due_cards.first_due(learner, filters, now, learning_only=True)
        assert (found and found.pk) == (learning and learning.pk), (shape, learner)


def test_the_count_is_the_querysets_up_to_the_cap(bank):
    now, owners = bank
    for (shape, filters), learner, cap in itertools.product(SHAPES.items(), owners, (1, 100)):
        expected = filters.cards(learner).filter(due__lte=now).count()
        assert due_cards.count_due(learner, filters, now, cap=cap) == min(expected, cap), (shape, learner)


def test_the_card_comes_with_what_the_practice_card_shows_in_one_statement(bank, django_assert_num_queries):
    now, (learner, _guest) = bank
    with django_assert_num_queries(1):
        card = due_cards.first_due(learner, Filters(), now)
        shown = [getattr(card.question, field) for field in due_cards.SHOWN_FIELDS]
        scheduled = [getattr(card, field) for field in due_cards.CARD_FIELDS]
    assert card.question_id == card.question.pk
    assert card.question.status == Question.Status.PUBLISHED
    assert shown[0] == card.question.title
    assert scheduled[4] == card.due <= now
    # What was not read is read on demand, as with the ORM's only(): the
    # deferred column, then the category.
    with django_assert_num_queries(2):
        assert card.question.category.slug


def test_no_owner_and_unreadable_filters_read_nothing(bank, django_assert_num_queries):
    now, (learner, _guest) = bank
    with django_assert_num_queries(0):
        assert due_cards.first_due(None, Filters(), now) is None
        assert due_cards.count_due(None, Filters(), now, cap=10) == 0
        assert due_cards.first_due(learner, Filters(unreadable=True), now) is None
        assert due_cards.count_due(learner, Filters(unreadable=True), now, cap=10) == 0
