"""The optional per-question time limit of a mock interview, kept by the
server: a late answer is recorded as timed out, and without script the next
page load ends a question whose time ran out."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import mock
from practice.models import MockAnswer, MockInterview
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = pytest.mark.django_db

NEW = reverse("practice:mock_new")


def _interview(client, minutes="1", count=1):
    for _ in range(count):
        QuestionFactory(answer="The **model** answer.")
    client.post(NEW, {"question_count": count, "minutes_per_question": minutes})
    interview = MockInterview.objects.get()
    client.get(reverse("practice:mock", args=[interview.pk]))  # opens question 1
    return interview


def _started(interview, seconds_ago, position=1):
    MockAnswer.objects.filter(interview=interview, position=position).update(
        started_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_an_answer_in_the_last_seconds_of_grace_is_in_time(english):
    client = english_client(UserFactory())
    interview = _interview(client)
    _started(interview, 60 + mock.GRACE_SECONDS - 2)  # the page's own submission at zero, arriving late
    client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": "just in time"})
    answer = interview.answers.get()
    assert answer.text == "just in time"
    assert not answer.timed_out


def test_without_script_the_next_page_load_ends_the_question(english):
    client = english_client(UserFactory())
    interview = _interview(client)
    _started(interview, 70)
    page = client.get(reverse("practice:mock", args=[interview.pk]))
    answer = interview.answers.get()
    assert answer.timed_out
    assert answer.text == ""
    assert answer.submitted_at == answer.started_at + timedelta(seconds=60)  # ended at the limit
    html = page.content.decode()
    assert "The time ran out before an answer was submitted." in html
    assert "The <strong>model</strong> answer." in html  # on to the comparison and the grade
    assert 'name="rating"' in html
    assert "data-deadline" not in html
    # A submission from a page left open is too late: the question has ended.
    client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": "too late"})
    assert interview.answers.get().text == ""


def test_a_question_within_its_time_is_not_ended_by_a_reload(english):
    client = english_client(UserFactory())
    interview = _interview(client)
    _started(interview, 30)
    page = client.get(reverse("practice:mock", args=[interview.pk]))
    assert interview.answers.get().submitted_at is None
    html = page.content.decode()
    assert 'data-submits="mock-answer-form"' in html
    assert 'id="mock-answer-form"' in html


def test_no_time_limit_never_ends_a_question(english):
    client = english_client(UserFactory())
    interview = _interview(client, minutes="")
    assert interview.seconds_per_question == 0
    _started(interview, 3 * 3600)
    page = client.get(reverse("practice:mock", args=[interview.pk]))
    html = page.content.decode()
    assert "no time limit" in html
    assert "data-deadline" not in html
    client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": "slow and steady"})
    answer = interview.answers.get()
    assert not answer.timed_out
    client.post(reverse("practice:mock_grade", args=[interview.pk, 1]), {"rating": 3})
    summary = client.get(reverse("practice:mock_summary", args=[interview.pk]))
    assert summary.context["report"]["overtime"] == []
    assert "Time used: " in summary.content.decode()
    assert " of 0 s" not in summary.content.decode()


def test_timed_out_questions_are_in_the_summary_and_to_review(english):
    client = english_client(UserFactory())
    interview = _interview(client, count=2)
    _started(interview, 70)
    client.get(reverse("practice:mock", args=[interview.pk]))  # question 1 ends
    client.post(reverse("practice:mock_grade", args=[interview.pk, 1]), {"rating": 3})
    client.post(reverse("practice:mock_finish", args=[interview.pk]))
    summary = client.get(reverse("practice:mock_summary", args=[interview.pk]))
    first = interview.answers.get(position=1)
    assert summary.context["report"]["overtime"] == [first]
    assert [item.answer for item in summary.context["review_next"]] == [first]
