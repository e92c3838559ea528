"""The practice page's narrowing from its address (?difficulty=hard): the
select shows what is chosen, and a filter that cannot be read narrows to
nothing, with a notice, never to everything."""

import re

import pytest
from django.urls import reverse

from questions.models import Question
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = [pytest.mark.django_db]

PRACTICE = reverse("practice:home")
UNREADABLE = "Some filters were not understood; nothing matches them."


def _difficulty_options(response) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="difficulty">(.*?)</select>', response.content.decode(), re.S)
    assert select is not None
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="([^"]*)"( selected)?>', select.group(1))
    ]


def test_without_filters_every_difficulty_is_offered_and_all_is_chosen():
    QuestionFactory(difficulty=Question.Difficulty.EASY)
    response = english_client(UserFactory()).get(PRACTICE)
    assert _difficulty_options(response) == [("", True), ("easy", False), ("medium", False), ("hard", False)]
    assert response.context["next"].question is not None
    assert UNREADABLE not in response.content.decode()


def test_a_difficulty_in_the_address_narrows_the_practice_and_is_shown_chosen():
    QuestionFactory(difficulty=Question.Difficulty.EASY, title="An easy one")
    hard = QuestionFactory(difficulty=Question.Difficulty.HARD, title="A hard one")
    response = english_client(UserFactory()).get(PRACTICE, {"difficulty": "hard"})
    assert _difficulty_options(response) == [("", False), ("easy", False), ("medium", False), ("hard", True)]
    assert response.context["next"].question == hard


@pytest.mark.parametrize("query", [{"difficulty": "impossible"}, {"category": "not a slug!"}])
def test_an_unreadable_filter_shows_a_notice_and_no_question(query):
    QuestionFactory()
    response = english_client(UserFactory()).get(PRACTICE, query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert UNREADABLE in response.content.decode()
    assert response.context["next"].question is None
