"""A mock interview's typed answers: sanitized Markdown with highlighted
code, and key-point feedback with what to review next in the summary."""

import re

import pytest
from django.urls import reverse

from practice import mock
from practice.mock_feedback import AnswerFeedback, review_next
from practice.models import MockAnswer, MockInterview
from questions.keypoints.points import KeyPoint
from questions.markdown import MarkdownTooSlow
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = pytest.mark.django_db

NEW = reverse("practice:mock_new")
TYPED = """Attention **weighs** tokens.

```python
import torch
print(torch.softmax(x, dim=-1))
```

<script>alert(1)</script> <img src=x onerror=alert(2)>
"""
KEY_POINTS = "! Attention weighs every token | weighs; 注意力\n! Softmax turns scores into weights | softmax\nCost is quadratic | quadratic; O(n^2)"


def _answered(client, text, count=1, key_points=KEY_POINTS):
    for _ in range(count):
        QuestionFactory(key_points=key_points)
    client.post(NEW, {"question_count": count, "minutes_per_question": 5})
    interview = MockInterview.objects.get()
    client.get(reverse("practice:mock", args=[interview.pk]))
    client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": text})
    return interview


def test_a_typed_answer_is_sanitized_markdown_with_highlighted_code(english):
    client = english_client(UserFactory())
    interview = _answered(client, TYPED)
    answer = interview.answers.get()
    assert "<strong>weighs</strong>" in answer.text_html
    assert 'class="highlight"' in answer.text_html
    assert '<span class="kn">import</span>' in answer.text_html
    assert "<script" not in answer.text_html
    assert "onerror" not in answer.text_html
    html = client.get(reverse("practice:mock", args=[interview.pk])).content.decode()
    assert answer.text_html in html
    assert "<script>alert(1)" not in html


def test_a_typed_answer_too_slow_to_render_is_shown_as_escaped_text(english, monkeypatch):
    def too_slow(text):
        raise MarkdownTooSlow

    monkeypatch.setattr(mock, "render_markdown", too_slow)
    client = english_client(UserFactory())
    interview = _answered(client, "a <b>bold</b> [[[[ claim")
    assert interview.answers.get().text_html == "<p>a &lt;b&gt;bold&lt;/b&gt; [[[[ claim</p>"


def test_an_answer_kept_before_markdown_shows_as_plain_text(english):
    client = english_client(UserFactory())
    interview = _answered(client, "line one\nline two")
    MockAnswer.objects.update(text_html="")
    html = client.get(reverse("practice:mock", args=[interview.pk])).content.decode()
    assert "line one<br>line two" in html


def test_the_answer_page_shows_key_point_feedback_and_suggests_a_grade(english):
    client = english_client(UserFactory())
    interview = _answered(client, "Attention weighs tokens; softmax normalises.")
    page = client.get(reverse("practice:mock", args=[interview.pk]))
    feedback = page.context["checked"].feedback
    assert [verdict.covered for verdict in feedback.verdicts] == [True, True, False]
    html = page.content.decode()
    assert "2 of 3 covered" in html
    assert "<mark>weighs</mark>" in html
    assert (
        f'value="{feedback.suggested_grade}" class="grade grade-{feedback.suggested_grade} grade-suggested"'
        in html
    )
    answer = interview.answers.get()
    assert answer.rating is None  # suggested, never applied


def test_the_summary_gives_key_point_feedback_and_what_to_review_next(english, django_assert_max_num_queries):
    client = english_client(UserFactory())
    interview = _answered(client, "Only softmax here.", count=3)
    client.post(reverse("practice:mock_grade", args=[interview.pk, 1]), {"rating": 3})
    client.get(reverse("practice:mock", args=[interview.pk]))
    client.post(
        reverse("practice:mock_answer", args=[interview.pk, 2]),
        {"text": "Attention weighs; softmax; quadratic."},
    )
    client.post(reverse("practice:mock_grade", args=[interview.pk, 2]), {"rating": 4})
    client.get(reverse("practice:mock", args=[interview.pk]))
    client.post(reverse("practice:mock_answer", args=[interview.pk, 3]), {"text": "No idea."})
    client.post(reverse("practice:mock_grade", args=[interview.pk, 3]), {"rating": 1})
    with django_assert_max_num_queries(8):
        summary = client.get(reverse("practice:mock_summary", args=[interview.pk]))
    checked = summary.context["checked"]
    assert [item.feedback.covered for item in checked] == [1, 3, 0]
    # Two essential points missed beat one; a full answer graded Easy is not listed.
    assert [item.answer.position for item in summary.context["review_next"]] == [3, 1]
    html = summary.content.decode()
    assert "What to review next" in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # one feedback per answer, each its own heading id
    assert "Attention weighs every token" in html.split("What to review next")[1]
    assert "3 of 3" in html


def test_questions_without_key_points_have_no_feedback(english):
    client = english_client(UserFactory())
    interview = _answered(client, "Something.", key_points="")
    page = client.get(reverse("practice:mock", args=[interview.pk]))
    assert page.context["checked"].feedback is None
    assert "key-point-feedback" not in page.content.decode()


def _item(position, rating, missed=(), timed_out=False):
    answer = MockAnswer(position=position, rating=rating, timed_out=timed_out)
    return AnswerFeedback(
        answer, None, [KeyPoint(statement, essential=essential) for statement, essential in missed]
    )


def test_review_next_orders_by_missed_essentials_then_grade():
    fine = _item(1, 4)
    hard = _item(2, 2)
    again = _item(3, 1)
    missed_one = _item(4, 3, [("a", True), ("b", False)])
    missed_two = _item(5, 4, [("a", True), ("c", True)])
    optional_only = _item(6, 3, [("b", False)])
    timed_out = _item(7, 3, timed_out=True)
    order = review_next([fine, hard, again, missed_one, missed_two, optional_only, timed_out])
    assert [item.answer.position for item in order] == [5, 4, 3, 2, 7]


def test_the_answer_page_costs_a_bounded_number_of_queries(english, django_assert_max_num_queries):
    client = english_client(UserFactory())
    interview = _answered(client, TYPED)
    with django_assert_max_num_queries(8):
        client.get(reverse("practice:mock", args=[interview.pk]))
