"""The practice queue remembers where a user's seen prefix of the reading
order ends (ReadingCursor), and forgets it whenever that could hide a
question: the next new question is the same as without it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice import queue
from practice.models import Card, ReadingCursor
from questions.models import Question
from tests.factories import QuestionFactory, SourceFactory, UserFactory
from tests.practice_helpers import owner

pytestmark = [pytest.mark.django_db]


def _article(size: int):
    article = SourceFactory()
    return [QuestionFactory(source=article, source_position=i) for i in range(10, 10 * (size + 1), 10)]


def _see(user, *questions):
    later = timezone.now() + timedelta(days=3)
    Card.objects.bulk_create(Card(user=user, question=q, due=later) for q in questions)


def test_the_cursor_stops_at_the_first_unseen_question_and_moves_on():
    user = UserFactory()
    questions = _article(5)
    _see(user, questions[0], questions[1])
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[2]
    assert ReadingCursor.objects.get(user=user).question == questions[2].pk
    _see(user, questions[2], questions[3])
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[4]
    assert ReadingCursor.objects.get(user=user).question == questions[4].pk


def test_a_narrowed_queue_reads_the_cursor_but_leaves_it_alone():
    user = UserFactory()
    questions = _article(4)
    _see(user, questions[0])
    queue.first_unseen(owner(user), queue.Filters())
    Question.objects.filter(pk=questions[3].pk).update(difficulty="hard")
    Question.objects.filter(pk__in=[q.pk for q in questions[:3]]).update(difficulty="easy")
    assert queue.first_unseen(owner(user), queue.Filters(difficulty="hard")).pk == questions[3].pk
    assert ReadingCursor.objects.get(user=user).question == questions[1].pk


def test_a_question_published_before_the_cursor_comes_next():
    user = UserFactory()
    questions = _article(3)
    earlier = QuestionFactory(
        source=questions[0].source, source_position=15, status=Question.Status.DRAFT
    )  # between the first and the second
    _see(user, questions[0], questions[1])
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[2]
    Question.objects.filter(pk=earlier.pk).update(status=Question.Status.PUBLISHED)
    assert queue.first_unseen(owner(user), queue.Filters()) == earlier


def test_a_question_moved_before_the_cursor_comes_next():
    user = UserFactory()
    questions = _article(3)
    later = QuestionFactory(source=questions[0].source, source_position=99)
    _see(user, *questions)
    assert queue.first_unseen(owner(user), queue.Filters()) == later
    _see(user, later)
    moved = QuestionFactory(source=SourceFactory(), source_position=1)
    assert queue.first_unseen(owner(user), queue.Filters()) == moved  # published after the cursor
    Question.objects.filter(pk=moved.pk).update(source=questions[0].source, source_position=5)
    assert queue.first_unseen(owner(user), queue.Filters()) == moved


def test_a_question_published_after_the_cursor_keeps_it():
    user = UserFactory()
    questions = _article(2)
    _see(user, questions[0])
    queue.first_unseen(owner(user), queue.Filters())
    QuestionFactory(source=None, source_position=None)  # the end of the reading order
    assert ReadingCursor.objects.filter(user=user).exists()


def test_a_deleted_card_forgets_the_cursor_and_its_question_comes_back():
    user = UserFactory()
    questions = _article(3)
    _see(user, questions[0], questions[1])
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[2]
    Card.objects.filter(user=user, question=questions[0]).delete()
    assert not ReadingCursor.objects.filter(user=user).exists()
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[0]


def test_a_card_given_to_someone_else_forgets_the_cursor():
    user, other = UserFactory(), UserFactory()
    questions = _article(2)
    _see(user, questions[0])
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[1]
    Card.objects.filter(user=user).update(user=other)
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[0]


def test_questions_without_a_source_follow_the_cursor_in_reading_order():
    user = UserFactory()
    questions = _article(2)
    loose = [QuestionFactory(source=None, source_position=None) for _ in range(2)]
    _see(user, *questions, loose[0])
    assert queue.first_unseen(owner(user), queue.Filters()) == loose[1]
    _see(user, loose[1])
    assert queue.first_unseen(owner(user), queue.Filters()) is None
