"""Each role's permission boundary, proven with real requests to the admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from questions.models import Question
from questions.roles import EDITOR, PUBLISHER, ROLE_PERMISSIONS, sync_roles
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory, category

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/questions/question/add/"
CHANGELIST = "/admin/questions/question/"


def _codes(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def _new_question_data(**overrides):
    data = {
        "title": "What is attention?",
        "slug": "",
        "category": category("concept").pk,
        "difficulty": "medium",
        "version": 1,
        "body": "",
        "answer": "Weights over positions.",
        "explanation": "",
        "editor_note": "",
        "source_position": "",
    }
    data.update(overrides)
    return data


def _transition(client, question, name):
    return client.post(f"/admin/questions/question/{question.pk}/transition/{name}/", {"reason": "why"})


def test_roles_have_exactly_their_permissions():
    assert _codes(EDITOR) == set(ROLE_PERMISSIONS[EDITOR])
    assert _codes(PUBLISHER) == set(ROLE_PERMISSIONS[PUBLISHER])


def test_sync_roles_removes_permissions_granted_by_hand():
    group = Group.objects.get(name=EDITOR)
    group.permissions.add(Permission.objects.get(codename="delete_question"))
    sync_roles(Group, Permission)
    assert "questions.delete_question" not in _codes(EDITOR)


def test_editor_creates_a_draft(editor_client, editor):
    response = editor_client.post(ADD_URL, _new_question_data())
    assert response.status_code == 302
    question = Question.objects.get(title="What is attention?")
    assert question.status == Question.Status.DRAFT
    assert question.author == editor


def test_editor_edits_a_draft(editor_client):
    draft = DraftFactory()
    response = editor_client.post(change_url(draft), form_data(draft, answer="Better answer."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answer == "Better answer."
    assert draft.version == 2


def test_editor_submits_for_review_but_cannot_publish(editor_client, editor):
    draft = DraftFactory()
    _transition(editor_client, draft, "submit")
    draft.refresh_from_db()
    assert draft.status == Question.Status.REVIEW
    assert draft.submitted_by == editor
    response = _transition(editor_client, draft, "publish")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Question.Status.REVIEW


def test_editor_has_no_publish_action_in_the_changelist(editor_client):
    DraftFactory()
    html = editor_client.get(CHANGELIST).content.decode()
    assert 'value="transition_submit"' in html
    assert 'value="transition_publish"' not in html
    assert 'value="transition_archive"' not in html


def test_editor_cannot_bulk_publish_by_posting_the_action(editor_client):
    question = QuestionFactory(status=Question.Status.REVIEW)
    editor_client.post(CHANGELIST, {"action": "transition_publish", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.status == Question.Status.REVIEW


# Published questions are edited through a pending revision (test_pending_revisions.py).
@pytest.mark.parametrize("status", [Question.Status.REVIEW, Question.Status.ARCHIVED])
def test_editor_cannot_change_a_question_that_left_draft(editor_client, status):
    question = QuestionFactory(status=status)
    page = editor_client.get(change_url(question))
    assert page.status_code == 200  # read-only view
    assert 'name="_save"' not in page.content.decode()
    response = editor_client.post(change_url(question), form_data(question, answer="Sneaky edit"))
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answer != "Sneaky edit"


def test_editor_cannot_delete(editor_client):
    draft = DraftFactory()
    response = editor_client.post(f"/admin/questions/question/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Question.objects.filter(pk=draft.pk).exists()


def test_publisher_cannot_create_or_rewrite_questions(publisher_client):
    assert publisher_client.get(ADD_URL).status_code == 403
    question = QuestionFactory(status=Question.Status.REVIEW)
    response = publisher_client.post(change_url(question), form_data(question, answer="Rewritten"))
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answer != "Rewritten"


def test_publisher_publishes_what_an_editor_submitted(editor_client, publisher_client, publisher):
    draft = DraftFactory()
    _transition(editor_client, draft, "submit")
    _transition(publisher_client, draft, "publish")
    draft.refresh_from_db()
    assert draft.status == Question.Status.PUBLISHED
    assert draft.reviewed_by == publisher
    assert draft.published_at is not None
    assert draft.last_reviewed_at is not None


def test_publisher_sends_back_unpublishes_archives_and_restores(publisher_client):
    question = QuestionFactory(status=Question.Status.REVIEW)
    steps = [
        ("send_back", Question.Status.DRAFT),
        ("archive", Question.Status.ARCHIVED),
        ("restore", Question.Status.DRAFT),
    ]
    for name, expected in steps:
        _transition(publisher_client, question, name)
        question.refresh_from_db()
        assert question.status == expected, name
    published = QuestionFactory(status=Question.Status.PUBLISHED)
    _transition(publisher_client, published, "unpublish")
    published.refresh_from_db()
    assert published.status == Question.Status.DRAFT


def test_nobody_but_a_superuser_publishes_their_own_submission(editor):
    editor.groups.add(Group.objects.get(name=PUBLISHER))
    client = Client(headers={"accept-language": "en"})
    client.force_login(editor)
    draft = DraftFactory()
    _transition(client, draft, "submit")
    response = _transition(client, draft, "publish")
    draft.refresh_from_db()
    assert draft.status == Question.Status.REVIEW
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("another person" in m for m in messages)


def test_superuser_can_do_everything(admin_client):
    draft = DraftFactory()
    _transition(admin_client, draft, "submit")
    _transition(admin_client, draft, "publish")
    draft.refresh_from_db()
    assert draft.status == Question.Status.PUBLISHED
    # Even a superuser's edit of a live question is a pending revision first;
    # a superuser may approve their own.
    data = form_data(draft, answer="Superuser edit", version=0, base_version=draft.version, reason="typo")
    assert admin_client.post(change_url(draft), data).status_code == 302
    approve = f"/admin/questions/question/{draft.pk}/pending/approve/"
    assert admin_client.post(approve, {"version": 1, "reason": "fine"}).status_code == 302
    draft.refresh_from_db()
    assert draft.answer == "Superuser edit"
    assert (
        admin_client.post(f"/admin/questions/question/{draft.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not Question.objects.filter(pk=draft.pk).exists()


def test_staff_without_a_role_sees_nothing_in_the_admin(staff_client):
    question = QuestionFactory()
    index = staff_client.get("/admin/")
    assert index.status_code == 200
    assert "/admin/questions/" not in index.content.decode()
    assert staff_client.get(CHANGELIST).status_code == 403
    assert staff_client.get(change_url(question)).status_code == 403
    assert staff_client.get(f"/admin/questions/question/{question.pk}/preview/").status_code == 403
    assert _transition(staff_client, question, "archive").status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client):
    question = QuestionFactory()
    for url in (CHANGELIST, change_url(question), f"/admin/questions/question/{question.pk}/history/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_editor_can_choose_an_author_among_staff(editor_client, editor):
    html = editor_client.get(ADD_URL).content.decode()
    assert f'<option value="{editor.pk}">{editor.username}</option>' in html
