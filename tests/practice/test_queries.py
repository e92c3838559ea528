"""Each practice page costs a fixed number of queries, whatever the length
of the learner's history (1 review or 50)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import scheduling
from practice.models import Bookmark, Card, MockInterview, Note
from tests.factories import QuestionFactory, UserFactory, questions_in_bulk
from tests.practice_helpers import english_client, owner
from tests.scale import at_scale

pytestmark = [pytest.mark.django_db]

# Session and user, then the page's own queries.
PAGE_QUERIES = {
    # The learner's settings and day (today's counts, the grade to undo);
    # the first due card, then the due count or the next new question (its id
    # index-only, then its row, in one statement); its practice state; the
    # content version, the categories and the question's tags — in the suite,
    # which reads the version on every request and keeps no fragment (7 when
    # held and kept: tests/practice/test_shared.py).
    "practice:home": 11,
    "practice:progress": 7,  # with the next card's due date
    "practice:bookmarks": 7,
    "accounts:account": 3,  # with the API tokens section
}


def _history(user, reviews: int):
    questions = questions_in_bulk({} for _ in range(reviews))
    start = timezone.now() - timedelta(days=reviews)
    for i, question in enumerate(questions):
        scheduling.grade(owner(user), question, 1 + i % 4, now=start + timedelta(days=i))
        Bookmark.objects.create(user=user, question=question)
        Note.objects.create(user=user, question=question, text=f"note {i}")
    QuestionFactory()  # something new to show


@pytest.mark.parametrize("reviews", [1, at_scale(50)])
@pytest.mark.parametrize("page", sorted(PAGE_QUERIES))
def test_pages_cost_a_fixed_number_of_queries(django_assert_max_num_queries, page, reviews):
    user = UserFactory()
    _history(user, reviews)
    client = english_client(user)
    with django_assert_max_num_queries(PAGE_QUERIES[page]):
        assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("reviews", [1, at_scale(50)])
def test_grading_costs_a_fixed_number_of_queries(django_assert_max_num_queries, reviews):
    user = UserFactory()
    _history(user, reviews)
    question = QuestionFactory()
    client = english_client(user)
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 3})  # card exists now
    with django_assert_max_num_queries(10):  # with the learner's FSRS preferences
        client.post(reverse("practice:grade"), {"question": question.pk, "rating": 4})


@pytest.mark.parametrize("count", [1, 20])
def test_mock_summary_costs_a_fixed_number_of_queries(django_assert_max_num_queries, count):
    user = UserFactory()
    for _ in range(count):
        QuestionFactory()
    client = english_client(user)
    client.post(reverse("practice:mock_new"), {"question_count": count, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    with django_assert_max_num_queries(4):
        client.get(reverse("practice:mock_summary", args=[interview.pk]))
    with django_assert_max_num_queries(6):  # the first view also stamps its start time
        client.get(reverse("practice:mock", args=[interview.pk]))


@pytest.mark.parametrize("seen", [1, at_scale(50)])
def test_finding_the_next_new_question_costs_a_fixed_number_of_queries(django_assert_max_num_queries, seen):
    user = UserFactory()
    later = timezone.now() + timedelta(days=5)
    for i, question in enumerate(questions_in_bulk({} for _ in range(seen))):
        scheduling.grade(owner(user), question, 3, now=timezone.now() - timedelta(days=i + 1))
    Card.objects.filter(user=user).update(due=later, created_at=later - timedelta(days=30))
    fresh = QuestionFactory()
    client = english_client(user)
    with django_assert_max_num_queries(PAGE_QUERIES["practice:home"]):
        response = client.get(reverse("practice:home"))
    assert response.context["next"].question == fresh


@pytest.mark.parametrize("reviews", [1, at_scale(50)])
def test_a_signed_in_learners_question_page_costs_a_fixed_number_of_queries(
    django_assert_max_num_queries, reviews
):
    user = UserFactory()
    _history(user, reviews)
    question = Note.objects.filter(user=user).latest("pk").question  # bookmarked, noted, practised
    client = english_client(user)
    # Session and user; the question with its neighbours and tags; the
    # learner's practice state; the content version its text is kept under
    # (held per process in production, read on every request in the suite).
    # No permissions: a candidate is not staff.
    with django_assert_max_num_queries(5):
        response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_the_bookmarks_page_reads_no_question_bodies(django_assert_max_num_queries):
    user = UserFactory()
    _history(user, 3)
    question = QuestionFactory()
    Note.objects.create(user=user, question=question, text="not bookmarked")
    client = english_client(user)
    with django_assert_max_num_queries(PAGE_QUERIES["practice:bookmarks"]) as captured:
        html = client.get(reverse("practice:bookmarks")).content.decode()
    assert question.title in html
    assert not [query for query in captured if '"answer_html"' in query["sql"]]
