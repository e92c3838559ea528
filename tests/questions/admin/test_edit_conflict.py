"""Two editors open the same question; the second save must not silently win."""

import pytest

from questions.models import Question
from tests.admin_helpers import change_url, form_data, version_in_form
from tests.factories import DraftFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_second_save_is_refused_and_shows_what_changed(editor_client, other_editor_client, editor):
    question = DraftFactory(answer="大模型是指具有数百万参数的模型。")
    # Both open the change form and see version 1.
    for client in (editor_client, other_editor_client):
        assert version_in_form(client.get(change_url(question))) == 1

    first = editor_client.post(
        change_url(question), form_data(question, answer="大模型是指具有数十亿参数的模型。")
    )
    assert first.status_code == 302

    second = other_editor_client.post(
        change_url(question), form_data(question, answer="Second editor's text")
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert f"Someone else saved “{question.title}”" in html
    assert "was saved by editor at" in html  # who saved meanwhile
    assert "<ins>十亿</ins>" in html  # what they changed
    assert "Second editor&#x27;s text" in html  # the refused text is still in the form

    question.refresh_from_db()
    assert question.answer == "大模型是指具有数十亿参数的模型。"
    assert question.version == 2
    assert question.history.count() == 2


def test_after_seeing_the_conflict_a_deliberate_save_goes_through(editor_client, other_editor_client):
    question = DraftFactory(answer="v1")
    editor_client.post(change_url(question), form_data(question, answer="first editor"))
    refused = other_editor_client.post(change_url(question), form_data(question, answer="second editor"))
    assert version_in_form(refused) == 2

    again = other_editor_client.post(
        change_url(question), form_data(question, answer="second editor", version=version_in_form(refused))
    )
    assert again.status_code == 302
    question.refresh_from_db()
    assert question.answer == "second editor"
    assert question.version == 3
    # The first editor's text is not lost: it is a revision.
    assert question.history.filter(answer="first editor").exists()


def test_conflict_without_a_recorded_base_revision_still_refuses(editor_client):
    question = DraftFactory(answer="v1")
    Question.objects.filter(pk=question.pk).update(version=7)
    response = editor_client.post(change_url(question), form_data(question, answer="stale"))
    assert response.status_code == 200
    assert "while you were editing it" in response.content.decode()
    question.refresh_from_db()
    assert question.answer == "v1"


def test_conflict_message_is_in_the_editors_language(chinese_editor_client):
    question = DraftFactory(answer="v1")
    Question.objects.filter(pk=question.pk).update(version=2)
    response = chinese_editor_client.post(change_url(question), form_data(question, answer="stale"))
    assert f"在你编辑期间，其他人保存了“{question.title}”。" in response.content.decode()


def test_a_stale_save_of_a_source_is_refused_too(admin_client):
    source = SourceFactory(intro="first")
    url = f"/admin/questions/source/{source.pk}/change/"
    data = {"title": source.title, "slug": source.slug, "language": source.language, "url": "",
            "intro": "mine", "conclusion": "", "appendix": "", "notes": "", "version": source.version}  # fmt: skip
    source.intro = "theirs"
    source.save()
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "edit-conflict" in html
    assert "diff-add" in html  # what changed meanwhile
    source.refresh_from_db()
    assert source.intro == "theirs"
