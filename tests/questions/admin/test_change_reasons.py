"""Every save, transition, restore and import says why; the history shows it
and compares the two latest different revisions by default."""

import pytest

from questions.models import Question
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _latest(question):
    return question.history.latest("history_id")


def test_a_draft_save_keeps_its_optional_reason(editor_client):
    draft = DraftFactory()
    editor_client.post(change_url(draft), form_data(draft, answer="Better", change_reason="clearer wording"))
    assert _latest(draft).history_change_reason == "clearer wording"
    editor_client.post(change_url(draft), form_data(draft, answer="Better still", version=draft.version + 1))
    draft.refresh_from_db()
    assert draft.answer == "Better still"  # no reason needed for a draft


def test_submitting_for_review_requires_a_reason(editor_client):
    draft = DraftFactory(answer="old")
    response = editor_client.post(change_url(draft), form_data(draft, answer="new", _transition="submit"))
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.answer) == (Question.Status.DRAFT, "old")  # nothing saved
    editor_client.post(f"/admin/questions/question/{draft.pk}/transition/submit/", {"reason": ""})
    draft.refresh_from_db()
    assert draft.status == Question.Status.DRAFT
    editor_client.post(
        f"/admin/questions/question/{draft.pk}/transition/submit/", {"reason": "ready for you"}
    )
    draft.refresh_from_db()
    assert draft.status == Question.Status.REVIEW
    assert _latest(draft).history_change_reason == "Submit for review: ready for you"


def test_bulk_submit_takes_the_reason_beside_the_menu(editor_client):
    draft = DraftFactory()
    changelist = "/admin/questions/question/"
    editor_client.post(changelist, {"action": "transition_submit", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Question.Status.DRAFT
    editor_client.post(
        changelist, {"action": "transition_submit", "_selected_action": [draft.pk], "reason": "batch ready"}
    )
    draft.refresh_from_db()
    assert draft.status == Question.Status.REVIEW


def test_a_restore_keeps_its_reason(admin_client):
    question = DraftFactory(answer="first")
    first = _latest(question)
    question.answer = "second"
    question.save()
    url = f"/admin/questions/question/{question.pk}/history/{first.history_id}/restore/"
    admin_client.post(url, {"reason": "second was wrong"})
    assert _latest(question).history_change_reason.endswith(": second was wrong")
    question.refresh_from_db()
    assert question.answer == "first"


def test_a_reason_longer_than_simple_historys_column_is_refused_not_truncated_silently(editor_client):
    draft = DraftFactory(answer="old")
    response = editor_client.post(change_url(draft), form_data(draft, answer="new", change_reason="x" * 101))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answer == "old"


def test_history_compares_the_two_latest_different_revisions_by_default(editor_client, admin_client):
    question = DraftFactory(answer="one")
    question.answer = "two"
    question.save()
    middle = _latest(question)
    question.status = Question.Status.REVIEW  # a revision with the same content
    question.save()
    latest = _latest(question)
    html = editor_client.get(f"/admin/questions/question/{question.pk}/history/").content.decode()
    assert f'name="to" value="{latest.history_id}" checked' in html
    assert f'name="from" value="{middle.history_id}"' in html
    assert f'name="from" value="{middle.history_id}" checked' not in html  # same content as the latest
    compare = editor_client.get(f"/admin/questions/question/{question.pk}/history/compare/").content.decode()
    assert "No differences" not in compare
    assert "one" in compare
    assert "two" in compare


def test_history_list_shows_reasons(editor_client):
    question = QuestionFactory()
    question._change_reason = "because the article said so"
    question.save()
    html = editor_client.get(f"/admin/questions/question/{question.pk}/history/").content.decode()
    assert "because the article said so" in html


def test_a_source_save_keeps_its_reason(admin_client):
    from tests.factories import SourceFactory

    source = SourceFactory(title="An article")
    data = {
        "title": "An article, retitled",
        "slug": source.slug,
        "language": source.language,
        "url": "",
        "intro": source.intro,
        "conclusion": "",
        "appendix": "",
        "notes": "",
        "version": source.version,
        "change_reason": "the author's own title",
    }
    response = admin_client.post(f"/admin/questions/source/{source.pk}/change/", data)
    assert response.status_code == 302
    assert source.history.latest("history_id").history_change_reason == "the author's own title"
