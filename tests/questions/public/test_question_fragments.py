"""The question's text on its page, kept as a template fragment keyed by the
content version (templates/questions/includes/article.html): what a signed-in
candidate's page renders afresh is only theirs."""

import pytest
from django.test import Client

from questions.models import Question
from questions.public import held_version
from tests.factories import QuestionFactory, TagFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def candidate():
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory())
    return client


def _html(client, question) -> str:
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_candidate_sees_an_edit_on_the_next_request(fragments, candidate):
    question = QuestionFactory(title="Old title", answer="The old answer.")
    assert "The old answer." in _html(candidate, question)
    question.title = "New title"
    question.answer = "The new answer."
    question.save()
    html = _html(candidate, question)
    assert "The new answer." in html
    assert "New title" in html
    assert "The old answer." not in html


def test_a_candidate_sees_a_new_tag_on_the_next_request(fragments, candidate):
    question = QuestionFactory()
    _html(candidate, question)
    question.tags.add(TagFactory(name="freshly-tagged"))
    assert "#freshly-tagged" in _html(candidate, question)


def test_the_text_is_rendered_once_per_version(fragments, candidate, monkeypatch):
    question = QuestionFactory(key_points="- one point")
    readers = [candidate, Client(headers={"accept-language": "en"})]
    readers[1].force_login(UserFactory())
    calls = []
    parsed = Question.parsed_key_points
    monkeypatch.setattr(Question, "parsed_key_points", lambda self: calls.append(self.pk) or parsed(self))
    for reader in readers:
        assert "one point" in _html(reader, question)
    assert calls == [question.pk]


def test_each_candidate_still_sees_their_own_practice_box(fragments, candidate):
    question = QuestionFactory()
    assert "data-bookmark" in _html(candidate, question)
    stranger = Client(headers={"accept-language": "en"})
    assert "data-bookmark" not in _html(stranger, question)
    assert "data-bookmark" in _html(candidate, question)


def test_editors_and_drafts_are_never_kept(fragments, editor_client):
    published = QuestionFactory()
    draft = QuestionFactory(status=Question.Status.DRAFT)
    assert editor_client.get(published.get_absolute_url()).context["article_version"] is None
    assert editor_client.get(draft.get_absolute_url()).context["article_version"] is None


def test_with_the_version_held_a_candidate_page_runs_four_queries(
    fragments, candidate, settings, django_assert_max_num_queries
):
    settings.CONTENT_VERSION_HOLD_SECONDS = 60
    held_version.forget()
    question = QuestionFactory()
    try:
        _html(candidate, question)
        # The session, the user, the question and the candidate's practice state.
        with django_assert_max_num_queries(4):
            _html(candidate, question)
    finally:
        held_version.forget()
