"""A tag's name shows on published questions the moment it changes, so
renaming and deleting tags is a publisher's act, and each question that had
the tag gets a revision saying what happened to it."""

import pytest
from django.contrib.auth.models import Permission

from questions import policies
from questions.models import Question, Tag
from tests.factories import QuestionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged():
    tag = TagFactory(name="transformer")
    published = QuestionFactory(status=Question.Status.PUBLISHED, tags=[tag])
    draft = QuestionFactory(status=Question.Status.DRAFT, tags=[tag])
    return tag, published, draft


def _change(tag, name):
    return f"/admin/questions/tag/{tag.pk}/change/", {"name": name, "slug": tag.slug}


def test_an_editor_cannot_rename_a_tag(editor_client, tagged):
    tag, published, _draft = tagged
    before = published.history.count()
    url, data = _change(tag, "renamed by an editor")
    assert editor_client.post(url, data).status_code == 403
    tag.refresh_from_db()
    assert tag.name == "transformer"
    assert published.history.count() == before


def test_an_editor_holding_change_tag_still_cannot_rename(editor_client, editor, tagged):
    editor.user_permissions.add(Permission.objects.get(codename="change_tag"))
    tag, *_ = tagged
    assert editor_client.post(*_change(tag, "sneaky")).status_code == 403
    assert not policies.can_rename_tag(editor)


def test_an_editor_cannot_delete_a_tag(editor_client, tagged):
    tag, *_ = tagged
    assert editor_client.post(f"/admin/questions/tag/{tag.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_an_editor_may_still_add_a_tag(editor_client):
    response = editor_client.post("/admin/questions/tag/add/", {"name": "new tag", "slug": "new-tag"})
    assert response.status_code == 302
    assert Tag.objects.filter(name="new tag").exists()


def test_a_publisher_renames_and_every_tagged_question_gets_a_revision(publisher_client, publisher, tagged):
    tag, published, draft = tagged
    before = {question.pk: question.history.count() for question in (published, draft)}
    assert publisher_client.post(*_change(tag, "Transformers")).status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Transformers"
    for question in (published, draft):
        latest = question.history.latest("history_id")
        assert question.history.count() == before[question.pk] + 1
        assert latest.history_change_reason == "Tag “transformer” renamed to “Transformers”"
        assert latest.history_user == publisher


def test_a_publisher_deletes_and_the_questions_record_losing_it(publisher_client, tagged):
    tag, published, _draft = tagged
    response = publisher_client.post(f"/admin/questions/tag/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()
    latest = published.history.latest("history_id")
    assert latest.history_change_reason == "Tag “transformer” deleted"
    assert list(latest.tags.all()) == []


def test_saving_a_tag_unchanged_records_nothing(publisher_client, tagged):
    tag, published, _draft = tagged
    before = published.history.count()
    assert publisher_client.post(*_change(tag, "transformer")).status_code == 302
    assert published.history.count() == before
