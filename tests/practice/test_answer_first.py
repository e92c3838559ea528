"""Answer first: a typed answer before the reveal, feedback on its key points
after it, a suggested grade the candidate still chooses; typed answers are
the candidate's own data."""

import re

import pytest
from django.urls import reverse

from accounts import personal_data
from practice.models import MAX_TYPED_ANSWER_LENGTH, ReviewLog, TypedAnswer
from practice.typed_answers import KEPT_PER_QUESTION
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = [pytest.mark.django_db]

POINTS = "! 注意力机制 | self-attention\n位置编码 | positional encoding"


@pytest.fixture
def question():
    return QuestionFactory(answer="注意力机制与位置编码。", key_points=POINTS)


def _answer_first(client):
    client.post(reverse("practice:answer_first"), {"on": "1", "next": reverse("practice:home")})


def _type(client, question, text):
    return client.post(reverse("practice:typed_answer"), {"question": question.pk, "text": text})


def test_the_card_offers_a_box_before_the_reveal_once_answer_first_is_on(question):
    client = english_client(UserFactory())
    html = client.get(reverse("practice:home")).content.decode()
    assert 'name="text"' not in html
    assert "Type my answer first" in html
    _answer_first(client)
    html = client.get(reverse("practice:home")).content.decode()
    assert 'name="text"' in html
    assert 'action="/practice/typed-answer/"' in html
    assert '<label for="typed-answer">Your answer, before you look</label>' in html
    assert f'maxlength="{MAX_TYPED_ANSWER_LENGTH}"' in html


def test_a_typed_answer_is_checked_and_shown_with_the_suggested_grade_not_applied(question):
    user = UserFactory()
    client = english_client(user)
    _answer_first(client)
    response = _type(client, question, "Self-attention <b>mixes</b> tokens.")
    assert response.status_code == 302
    typed = TypedAnswer.objects.get(user=user)
    assert (typed.covered, typed.points) == (1, 2)
    html = client.get(response["Location"]).content.decode()
    assert "1 of 2 covered" in html
    assert "<mark>Self-attention</mark> &lt;b&gt;mixes&lt;/b&gt; tokens." in html
    assert "data-reveal open" in html
    # Essential covered, optional missed: Good, highlighted on its button; nothing graded.
    assert 'class="grade grade-3 grade-suggested"' in html
    assert html.count("grade-suggested") == 1
    assert not ReviewLog.objects.filter(user=user).exists()


def test_the_candidate_grades_as_they_choose(question):
    user = UserFactory()
    client = english_client(user)
    _answer_first(client)
    _type(client, question, "self-attention")
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 1})
    assert ReviewLog.objects.get(user=user).rating == 1


def test_without_key_points_the_typed_answer_is_shown_beside_the_model_answer():
    plain = QuestionFactory(answer="Model.")
    client = english_client(UserFactory())
    _answer_first(client)
    location = _type(client, plain, "mine")["Location"]
    html = client.get(location).content.decode()
    assert "mine" in html
    assert "grade-suggested" not in html


def test_after_a_plain_reveal_the_card_lists_the_key_points(question):
    html = english_client(UserFactory()).get(reverse("practice:home")).content.decode()
    assert "key-point-checklist" in html
    assert "注意力机制" in html


def test_an_empty_or_too_long_answer_is_refused_and_nothing_is_kept(question):
    client = english_client(UserFactory())
    _type(client, question, "   ")
    _type(client, question, "x" * 10_001)
    assert not TypedAnswer.objects.exists()


def test_another_persons_typed_answer_is_never_shown(question):
    author, other = UserFactory(), UserFactory()
    _type(english_client(author), question, "my secret self-attention answer")
    typed = TypedAnswer.objects.get(user=author)
    html = english_client(other).get(reverse("practice:home"), {"typed": typed.pk}).content.decode()
    assert "my secret" not in html


def test_only_the_newest_answers_to_a_question_are_kept(question):
    client = english_client(UserFactory())
    for n in range(KEPT_PER_QUESTION + 3):
        _type(client, question, f"answer {n}")
    texts = set(TypedAnswer.objects.values_list("text", flat=True))
    assert len(texts) == KEPT_PER_QUESTION
    assert "answer 0" not in texts


def test_a_guests_typed_answers_move_to_the_account_they_sign_up_with(question):
    client = english_client()
    _type(client, question, "guest self-attention")
    user = UserFactory()
    client.force_login(user)  # fires user_logged_in with the request
    assert TypedAnswer.objects.get().user == user


def test_typed_answers_are_in_the_export_and_go_with_the_account(question):
    user = UserFactory()
    _type(english_client(user), question, "exported self-attention")
    exported = personal_data.export(user)["practice"]["typed_answers"]
    assert exported == [
        {
            "question": question.slug,
            "answer": "exported self-attention",
            "typed_at": exported[0]["typed_at"],
            "key_points_covered": 1,
            "key_points": 2,
            "key_points_missed": ["位置编码"],
        }
    ]
    personal_data.delete_account(user)
    assert not TypedAnswer.objects.exists()


def test_editors_have_no_page_listing_typed_answers(admin_client, question):
    from django.contrib import admin

    assert TypedAnswer not in admin.site._registry
    assert admin_client.get("/admin/practice/typedanswer/").status_code == 404


def test_the_practice_page_with_feedback_costs_a_fixed_number_of_queries(
    question, django_assert_max_num_queries
):
    user = UserFactory()
    client = english_client(user)
    _answer_first(client)
    location = _type(client, question, "self-attention")["Location"]
    with django_assert_max_num_queries(13):
        assert client.get(location).status_code == 200


def test_editors_see_only_anonymous_counts_of_the_typed_answers(editor_client, question):
    english_client(UserFactory()).post(
        reverse("practice:typed_answer"), {"question": question.pk, "text": "my private self-attention"}
    )
    guest = english_client()
    guest.post(reverse("practice:typed_answer"), {"question": question.pk, "text": "位置编码 from a guest"})
    guest.post(reverse("practice:typed_answer"), {"question": question.pk, "text": "nothing"})
    html = editor_client.get(f"/admin/questions/question/{question.pk}/change/").content.decode()
    assert "3 answers from 2 candidates; on average 0.7 of 2.0 key points covered." in html
    assert "my private" not in html
    assert "from a guest" not in html


def test_the_time_to_answer_counts_from_the_first_sight_of_the_question_not_from_the_feedback(
    question, time_machine
):
    user = UserFactory()
    client = english_client(user)
    _answer_first(client)
    time_machine.move_to("2026-12-07 10:00:00+00:00", tick=False)
    html = client.get(reverse("practice:home")).content.decode()
    shown = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    time_machine.move_to("2026-12-07 10:01:30+00:00", tick=False)  # ninety seconds of typing
    response = client.post(
        reverse("practice:typed_answer"), {"question": question.pk, "text": "self-attention", "shown": shown}
    )
    html = client.get(response["Location"]).content.decode()
    assert f'name="shown" value="{shown}"' in html  # the grade buttons carry the first sight on
    time_machine.move_to("2026-12-07 10:01:40+00:00", tick=False)
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 3, "shown": shown})
    assert ReviewLog.objects.get(user=user).duration_ms == 100_000
