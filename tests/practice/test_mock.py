"""Mock interviews end to end: set up, answer in your own words, compare
with the model answer, grade (feeding FSRS), summary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import Card, MockAnswer, MockInterview, ReviewLog
from questions.models import Question
from tests.factories import QuestionFactory, UserFactory, category
from tests.practice_helpers import english_client

pytestmark = [pytest.mark.django_db]

NEW = reverse("practice:mock_new")


def test_a_mock_interview_from_start_to_summary(english):
    user = UserFactory()
    concept = [QuestionFactory(category=category("concept"), answer=f"Model answer {i}") for i in range(4)]
    QuestionFactory(category=category("coding"))
    client = english_client(user)

    response = client.post(NEW, {"categories": ["concept"], "question_count": 3, "minutes_per_question": 2})
    interview = MockInterview.objects.get(user=user)
    assert response["Location"] == reverse("practice:mock", args=[interview.pk])
    assert interview.seconds_per_question == 120
    answers = list(interview.answers.all())
    assert len(answers) == 3
    assert {a.question_id for a in answers} <= {q.pk for q in concept}

    for answer in answers:
        page = client.get(reverse("practice:mock", args=[interview.pk]))
        assert page.context["answer"] == answer
        html = page.content.decode()
        assert answer.question.answer_html not in html  # hidden until the candidate has answered
        assert "data-deadline" in html
        client.post(
            reverse("practice:mock_answer", args=[interview.pk, answer.position]),
            {"text": f"My answer {answer.position}"},
        )
        page = client.get(reverse("practice:mock", args=[interview.pk]))
        html = page.content.decode()
        assert f"My answer {answer.position}" in html
        assert answer.question.answer_html in html  # side by side now
        rating = 1 if answer.position == 1 else 3
        client.post(reverse("practice:mock_grade", args=[interview.pk, answer.position]), {"rating": rating})

    interview.refresh_from_db()
    assert interview.finished_at is not None
    summary = client.get(reverse("practice:mock", args=[interview.pk]), follow=True)
    assert summary.templates[0].name == "practice/mock_summary.html"
    report = summary.context["report"]
    assert [a.position for a in report["to_review"]] == [1]
    assert len(report["graded"]) == 3
    assert "What to review" in summary.content.decode()
    # Grades feed the same FSRS cards as the practice page.
    assert Card.objects.filter(user=user).count() == 3
    assert sorted(ReviewLog.objects.filter(user=user).values_list("rating", flat=True)) == [1, 3, 3]


def test_the_server_keeps_the_time(english):
    user = UserFactory()
    QuestionFactory()
    client = english_client(user)
    client.post(NEW, {"question_count": 1, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    client.get(reverse("practice:mock", args=[interview.pk]))
    answer = interview.answers.get()
    MockAnswer.objects.filter(pk=answer.pk).update(started_at=timezone.now() - timedelta(seconds=95))
    client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": "late"})
    answer.refresh_from_db()
    assert answer.seconds_used >= 95
    assert answer.text == "late"  # kept, and recorded as timed out
    assert answer.timed_out
    client.post(reverse("practice:mock_grade", args=[interview.pk, 1]), {"rating": 3})
    summary = client.get(reverse("practice:mock_summary", args=[interview.pk]))
    assert summary.context["report"]["overtime"] == [answer]
    assert "timed out" in summary.content.decode()


def test_grading_before_answering_is_refused():
    QuestionFactory()
    client = english_client(UserFactory())
    client.post(NEW, {"question_count": 1, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    client.post(reverse("practice:mock_grade", args=[interview.pk, 1]), {"rating": 4})
    assert interview.answers.get().rating is None
    assert not ReviewLog.objects.exists()


def test_an_answer_cannot_be_changed_after_seeing_the_model_one():
    QuestionFactory()
    client = english_client(UserFactory())
    client.post(NEW, {"question_count": 1, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    url = reverse("practice:mock_answer", args=[interview.pk, 1])
    client.post(url, {"text": "first"})
    client.post(url, {"text": "second"})
    assert interview.answers.get().text == "first"


def test_the_setup_page_offers_the_form_and_lists_ones_own_interviews_only(english):
    QuestionFactory()
    user, stranger = UserFactory(), UserFactory()
    client = english_client(user)
    client.post(NEW, {"question_count": 1, "minutes_per_question": 1})
    english_client(stranger).post(NEW, {"question_count": 1, "minutes_per_question": 1})
    mine = MockInterview.objects.get(user=user)
    html = client.get(NEW).content.decode()
    for name in ("categories", "question_count", "minutes_per_question"):
        assert f'name="{name}"' in html
    assert "Your mock interviews" in html
    assert reverse("practice:mock", args=[mine.pk]) in html
    assert reverse("practice:mock", args=[MockInterview.objects.get(user=stranger).pk]) not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_count": 51, "minutes_per_question": 1}, "less than or equal to 50"),
        ({"question_count": 0, "minutes_per_question": 1}, "greater than or equal to 1"),
        ({"question_count": 5, "minutes_per_question": 0}, "greater than or equal to 1"),
        ({"question_count": 5, "minutes_per_question": 61}, "less than or equal to 60"),
        ({"question_count": 5, "minutes_per_question": 1, "categories": ["nope"]}, "Select a valid choice"),
    ],
)
def test_setup_is_bounded_and_errors_are_shown(english, data, message):
    QuestionFactory()
    response = english_client(UserFactory()).post(NEW, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MockInterview.objects.exists()


def test_an_empty_category_is_explained(english):
    QuestionFactory(category=category("concept"))
    response = english_client(UserFactory()).post(
        NEW, {"categories": ["coding"], "question_count": 5, "minutes_per_question": 1}
    )
    assert "no published questions in these categories" in response.content.decode()


def test_an_overlong_answer_is_refused_and_kept(english):
    QuestionFactory()
    client = english_client(UserFactory())
    client.post(NEW, {"question_count": 1, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    text = "y" * 10001
    response = client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": text})
    assert response.status_code == 400
    assert "at most 10000 characters" in response.content.decode()
    assert text in response.content.decode()
    assert interview.answers.get().submitted_at is None


def test_only_published_questions_are_drawn_and_an_archived_one_leaves_the_interview():
    user = UserFactory()
    QuestionFactory(status=Question.Status.DRAFT)
    published = [QuestionFactory() for _ in range(2)]
    client = english_client(user)
    client.post(NEW, {"question_count": 10, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    assert {a.question_id for a in interview.answers.all()} == {q.pk for q in published}
    first = interview.answers.get(position=1)
    Question.objects.filter(pk=first.question_id).update(status=Question.Status.ARCHIVED)
    page = client.get(reverse("practice:mock", args=[interview.pk]))
    assert page.context["answer"].position == 2
    assert page.context["total"] == 1


def test_ending_early_shows_the_summary():
    QuestionFactory()
    QuestionFactory()
    client = english_client(UserFactory())
    client.post(NEW, {"question_count": 2, "minutes_per_question": 1})
    interview = MockInterview.objects.get()
    response = client.post(reverse("practice:mock_finish", args=[interview.pk]))
    assert response["Location"] == reverse("practice:mock_summary", args=[interview.pk])
    interview.refresh_from_db()
    assert interview.is_finished
    assert client.get(reverse("practice:mock", args=[interview.pk]))["Location"] == response["Location"]
