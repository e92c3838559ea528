"""django-simple-history's own "revert" form (<id>/history/<history_id>/)
would save a revision past the rule book: an editor rewriting published
text, a publisher without change permission editing, an old published
revision re-publishing unreviewed text. It answers 404 to every role, with
and without ATOMIC_REQUESTS (which is what made the save go through)."""

import pytest
from django.db import connection

from questions.models import Question
from tests.admin_helpers import form_data
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

ROLES = ["staff_client", "editor_client", "publisher_client", "admin_client"]


@pytest.fixture(params=[False, True], ids=["autocommit", "atomic-requests"])
def atomic_requests(request, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", request.param)
    return request.param


@pytest.fixture
def question_with_a_published_past():
    """Published with reviewed text, then sent back to draft and rewritten."""
    question = QuestionFactory(answer="Reviewed answer.", status=Question.Status.PUBLISHED)
    published_revision = question.history.latest("history_id")
    question.answer = "Unreviewed rewrite."
    question.status = Question.Status.DRAFT
    question.save()
    return question, published_revision


@pytest.mark.parametrize("role", ROLES)
def test_the_revert_form_is_not_routed_for_anyone(
    request, role, atomic_requests, question_with_a_published_past
):
    client = request.getfixturevalue(role)
    question, revision = question_with_a_published_past
    url = f"/admin/questions/question/{question.pk}/history/{revision.history_id}/"
    assert client.get(url).status_code == 404
    posted = form_data(question, answer="Rewritten through the revert form.", status="published")
    assert client.post(url, posted).status_code == 404
    question.refresh_from_db()
    assert question.answer == "Unreviewed rewrite."
    assert question.status == Question.Status.DRAFT
    assert question.history.count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_the_source_revert_form_is_not_routed_either(request, role, atomic_requests):
    from tests.factories import SourceFactory

    client = request.getfixturevalue(role)
    source = SourceFactory()
    revision = source.history.latest("history_id")
    url = f"/admin/questions/source/{source.pk}/history/{revision.history_id}/"
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"title": "x", "intro": "rewritten", "version": source.version}).status_code == 404
    )
    source.refresh_from_db()
    assert source.intro != "rewritten"


def test_the_history_list_and_restore_stay_routed(admin_client, question_with_a_published_past):
    question, revision = question_with_a_published_past
    assert admin_client.get(f"/admin/questions/question/{question.pk}/history/").status_code == 200
    restore = f"/admin/questions/question/{question.pk}/history/{revision.history_id}/restore/"
    assert admin_client.get(restore).status_code == 200
