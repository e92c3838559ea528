"""Restoring an old revision from the history, person by person: what the
rule book allows is what the page offers and does, and nobody is shown a
link that answers 403."""

from zoneinfo import ZoneInfo

import pytest

from questions.editorial import pending as pending_revisions
from questions.models import PendingRevision, Question
from tests.factories import DraftFactory, QuestionFactory

pytestmark = pytest.mark.django_db

Status = Question.Status
RESTORED, PROPOSED, REFUSED = "restored", "proposed", "refused"

# (person, status of the question) → what a restore does.
CASES = {
    ("editor", Status.DRAFT): RESTORED,
    ("editor", Status.REVIEW): REFUSED,
    ("editor", Status.PUBLISHED): PROPOSED,
    ("publisher", Status.DRAFT): RESTORED,
    ("publisher", Status.REVIEW): RESTORED,
    ("publisher", Status.PUBLISHED): RESTORED,
    ("staff_client", Status.DRAFT): REFUSED,
    ("staff_client", Status.PUBLISHED): REFUSED,
    ("admin", Status.PUBLISHED): RESTORED,
}
CLIENTS = {"editor": "editor_client", "publisher": "publisher_client", "admin": "admin_client"}


def _question_with_old_text(status):
    factory = DraftFactory if status == Status.DRAFT else QuestionFactory
    question = factory(status=status, answer="original")
    old = question.history.latest("history_id")
    question = Question.objects.get(pk=question.pk)
    question.answer = "vandalised"
    question.save()
    return question, old


@pytest.mark.parametrize(
    ("person", "status", "outcome"),
    [pytest.param(p, s, o, id=f"{p}-{s}") for (p, s), o in CASES.items()],
)
def test_restore_follows_the_rule_book(request, person, status, outcome):
    client = request.getfixturevalue(CLIENTS.get(person, person))
    question, old = _question_with_old_text(status)
    url = f"/admin/questions/question/{question.pk}/history/{old.history_id}/restore/"

    history = client.get(f"/admin/questions/question/{question.pk}/history/")
    confirm = client.get(url)
    response = client.post(url, {"reason": "spam"})

    question.refresh_from_db()
    pending = PendingRevision.objects.filter(question=question).first()
    if outcome == REFUSED:
        assert "/restore/" not in history.content.decode()
        assert confirm.status_code == 403
        assert response.status_code == 403
        assert (question.answer, pending) == ("vandalised", None)
        return
    assert "/restore/" in history.content.decode()
    assert confirm.status_code == 200
    assert response.status_code == 302
    assert question.status == status
    if outcome == RESTORED:
        assert (question.answer, pending) == ("original", None)
    else:
        assert question.answer == "vandalised"
        assert pending.answer == "original"
        assert pending.reason.startswith("Restored the revision of")


def test_an_editors_proposed_restore_goes_live_when_a_publisher_approves(editor_client, publisher):
    question, old = _question_with_old_text(Status.PUBLISHED)
    editor_client.post(f"/admin/questions/question/{question.pk}/history/{old.history_id}/restore/")
    pending = PendingRevision.objects.get(question=question)
    pending_revisions.approve(question.pk, publisher, reason="ok", expected_version=pending.version)
    question.refresh_from_db()
    assert question.answer == "original"


def test_history_says_no_revision_is_pending_after_approval(admin_client, admin_user):
    question, old = _question_with_old_text(Status.PUBLISHED)
    pending_revisions.propose_restore(question.pk, old, admin_user)
    history = admin_client.get(
        f"/admin/questions/question/{question.pk}/history/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Open the pending revision" in history
    pending = PendingRevision.objects.get(question=question)
    pending_revisions.approve(question.pk, admin_user, reason="ok", expected_version=pending.version)
    history = admin_client.get(
        f"/admin/questions/question/{question.pk}/history/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Open the pending revision" not in history
    assert "Earlier pending revisions" in history


def test_restore_message_and_history_show_one_named_time_zone(admin_client, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    question, old = _question_with_old_text(Status.DRAFT)
    response = admin_client.post(
        f"/admin/questions/question/{question.pk}/history/{old.history_id}/restore/", follow=True
    )
    local = old.history_date.astimezone(ZoneInfo("Asia/Shanghai"))
    shown = local.strftime("%Y-%m-%d %H:%M") + " CST"
    assert shown in response.content.decode()
    history = admin_client.get(f"/admin/questions/question/{question.pk}/history/").content.decode()
    assert local.strftime("%Y-%m-%d %H:%M") in history
    assert "CST" in history
