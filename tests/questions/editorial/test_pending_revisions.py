"""Fixing a live question without taking it offline: the change form of a
published question writes a pending revision, which a publisher who did not
write it approves; the public never sees it before."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from questions.editorial.pending import PendingConflict, RevisionRefused, approve, save_pending
from questions.models import PendingRevision, Question
from tests.admin_helpers import change_url, form_data
from tests.factories import QuestionFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SECRET = "pendingsecretword"


def _approve_url(question):
    return f"/admin/questions/question/{question.pk}/pending/approve/"


def _propose(client, question, **overrides):
    pending = PendingRevision.objects.filter(question=question).first()
    data = form_data(
        question,
        version=pending.version if pending else 0,
        base_version=question.version,
        reason="fix a typo",
        **overrides,
    )
    return client.post(change_url(question), data)


@pytest.fixture
def live():
    return QuestionFactory(title="Live title", answer="The live answer.", tags=[TagFactory(name="live-tag")])


def test_editing_a_published_question_creates_a_pending_revision_and_keeps_it_live(
    editor_client, editor, live
):
    response = _propose(editor_client, live, answer=f"The fixed answer {SECRET}.")
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == Question.Status.PUBLISHED
    assert live.answer == "The live answer."
    pending = PendingRevision.objects.get(question=live)
    assert (pending.answer, pending.author, pending.reason) == (
        f"The fixed answer {SECRET}.",
        editor,
        "fix a typo",
    )
    assert [tag.name for tag in pending.tags.all()] == ["live-tag"]


def test_change_form_says_which_text_is_edited(editor_client, live):
    html = editor_client.get(change_url(live)).content.decode()
    assert "Saving this form creates a pending revision" in html
    assert "The live answer." in html  # prefilled from the live text
    _propose(editor_client, live, answer="Proposed answer")
    html = editor_client.get(change_url(live)).content.decode()
    assert "pending revision" in html
    assert "Proposed answer" in html
    assert "What approving it changes" in html


def test_a_pending_revision_never_leaks_to_the_public(client, editor_client, live):
    _propose(editor_client, live, answer=f"Answer with {SECRET}", title=f"Title {SECRET}")
    pages = [
        live.get_absolute_url(),
        "/",
        f"/c/{live.category.slug}/",
        f"/c/{live.category.slug}/export.md",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET not in body.decode(), url
    # The search page repeats the query; what matters is that it finds nothing.
    assert live.title not in client.get(f"/search/?q={SECRET}").content.decode()
    assert not Question.objects.search(SECRET).exists()
    out = StringIO()
    call_command("export_bank", "-", format="json", stdout=out, stderr=StringIO())
    assert SECRET not in out.getvalue()
    assert json.loads(out.getvalue())


def test_publisher_approves_and_the_revision_goes_live_as_one_revision(editor_client, publisher_client, live):
    _propose(editor_client, live, answer=f"Approved {SECRET}", difficulty="hard")
    before = live.history.count()
    response = publisher_client.post(_approve_url(live), {"version": 1, "reason": "checked the fix"})
    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.answer, live.difficulty, live.status) == (f"Approved {SECRET}", "hard", "published")
    assert live.history.count() == before + 1
    latest = live.history.latest("history_id")
    assert latest.history_change_reason == "checked the fix"
    assert not PendingRevision.objects.filter(question=live).exists()
    assert Question.objects.search(SECRET).filter(pk=live.pk).exists()  # the live text is indexed


def test_approval_needs_a_reason(editor_client, publisher_client, live):
    _propose(editor_client, live, answer="New")
    publisher_client.post(_approve_url(live), {"version": 1, "reason": ""})
    live.refresh_from_db()
    assert live.answer == "The live answer."


def test_the_author_of_a_pending_revision_cannot_approve_it(publisher, editor, live):
    publisher.groups.add(*editor.groups.all())  # one person with both roles
    save_pending(
        live.pk,
        publisher,
        {**_values(live), "answer": "mine"},
        [],
        version=0,
        base_version=live.version,
        reason="",
    )
    with pytest.raises(RevisionRefused, match="another publisher"):
        approve(live.pk, publisher, reason="ok", expected_version=1)


def test_a_publisher_who_wrote_a_pending_revision_cannot_approve_it_after_someone_else_resaved_it(
    publisher, editor, other_editor_client, publisher_client, live
):
    """Issue 18's repro: a user with both roles writes a pending revision, a
    second editor re-saves it with one character changed, and the first
    tries to approve their own text."""
    publisher.groups.add(*editor.groups.all())  # one person with both roles
    assert _propose(publisher_client, live, answer=f"My own text {SECRET}").status_code == 302
    assert _propose(other_editor_client, live, answer=f"My own text {SECRET}!").status_code == 302
    pending = PendingRevision.objects.get(question=live)
    assert pending.author.username == "editor2"
    assert sorted(w.username for w in pending.writers.all()) == ["editor2", "publisher"]
    page = publisher_client.get(change_url(live)).content.decode()
    assert 'action="' + _approve_url(live) + '"' not in page
    writers = re.search(r"Written by \(none of them may approve it\): ([^<\n]+)", page)[1]
    assert sorted(writers.split(", ")) == ["editor2", "publisher"]
    publisher_client.post(_approve_url(live), {"version": pending.version, "reason": "looks fine"})
    live.refresh_from_db()
    assert live.answer == "The live answer."
    with pytest.raises(RevisionRefused, match="another publisher"):
        approve(live.pk, publisher, reason="ok", expected_version=pending.version)


def test_a_publisher_who_never_touched_a_pending_revision_may_approve_it(
    editor_client, other_editor_client, publisher, live
):
    _propose(editor_client, live, answer="First text")
    _propose(other_editor_client, live, answer="First text, amended")
    pending = PendingRevision.objects.get(question=live)
    approve(live.pk, publisher, reason="reviewed", expected_version=pending.version)
    live.refresh_from_db()
    assert live.answer == "First text, amended"


def test_an_editor_cannot_approve(editor_client, other_editor_client, live):
    _propose(editor_client, live, answer="New")
    other_editor_client.post(_approve_url(live), {"version": 1, "reason": "looks fine"})
    live.refresh_from_db()
    assert live.answer == "The live answer."


def test_anonymous_and_staff_without_a_role_cannot_approve(client, staff_client, editor_client, live):
    _propose(editor_client, live, answer="New")
    assert client.post(_approve_url(live), {"version": 1, "reason": "x"}).status_code in (302, 403)
    assert staff_client.post(_approve_url(live), {"version": 1, "reason": "x"}).status_code == 403
    live.refresh_from_db()
    assert live.answer == "The live answer."


def test_publisher_cannot_write_a_pending_revision(publisher_client, live):
    response = _propose(publisher_client, live, answer="Rewritten by a publisher")
    assert response.status_code == 403
    assert not PendingRevision.objects.exists()


def test_two_editors_of_one_pending_revision_do_not_overwrite_each_other(
    editor_client, other_editor_client, live
):
    _propose(editor_client, live, answer="First")
    # Both open the form at pending version 1; the first save wins.
    data = form_data(live, version=1, base_version=live.version, reason="")
    assert editor_client.post(change_url(live), {**data, "answer": "Editor one"}).status_code == 302
    response = other_editor_client.post(change_url(live), {**data, "answer": "Editor two"})
    assert response.status_code == 200
    assert "Someone saved the pending revision meanwhile" in response.content.decode()
    assert PendingRevision.objects.get(question=live).answer == "Editor one"


def test_after_a_refused_save_the_page_shows_what_approving_really_changes(
    editor_client, other_editor_client, live
):
    _propose(editor_client, live, answer="First")
    data = form_data(live, version=1, base_version=live.version, reason="")
    editor_client.post(change_url(live), {**data, "answer": "Stored answer"})
    response = other_editor_client.post(change_url(live), {**data, "answer": "Refused answer"})
    page = response.content.decode()
    # The section between its heading and the next form (the form keeps the refused text).
    changes = page.split("What approving it changes", 1)[1].split("<form", 1)[0]
    assert "Stored answer" in changes
    assert "Refused answer" not in changes


def test_a_pending_revision_based_on_an_older_live_text_is_not_approved(
    editor_client, publisher_client, live, admin_user
):
    _propose(editor_client, live, answer="Based on version 1")
    live.title = "Changed live meanwhile"
    live.save()  # a superuser's direct change moves the live version on
    publisher_client.post(_approve_url(live), {"version": 1, "reason": "ok"})
    live.refresh_from_db()
    assert live.answer == "The live answer."
    with pytest.raises(PendingConflict):
        approve(live.pk, admin_user, reason="ok", expected_version=1)


def test_publisher_cannot_approve_text_they_have_not_read(editor_client, publisher_client, live):
    _propose(editor_client, live, answer="Read by the publisher")
    _propose(editor_client, live, answer="Changed after the publisher opened it")
    publisher_client.post(_approve_url(live), {"version": 1, "reason": "ok"})
    live.refresh_from_db()
    assert live.answer == "The live answer."


def test_history_shows_the_pending_line_and_the_live_line(editor_client, live):
    _propose(editor_client, live, answer="Proposed")
    html = editor_client.get(f"/admin/questions/question/{live.pk}/history/").content.decode()
    assert "Pending revision" in html
    assert "Live revisions" in html
    assert "fix a typo" in html


def test_author_or_publisher_discards_a_pending_revision(
    editor_client, other_editor_client, publisher_client, live
):
    _propose(editor_client, live, answer="Proposed")
    url = f"/admin/questions/question/{live.pk}/pending/discard/"
    other_editor_client.post(url, {"reason": "not mine"})
    assert PendingRevision.objects.filter(question=live).exists()
    publisher_client.post(url, {"reason": "wrong"})
    assert not PendingRevision.objects.filter(question=live).exists()
    live.refresh_from_db()
    assert live.answer == "The live answer."


def _values(question):
    return {name: getattr(question, name) for name in PendingRevision.CONTENT_FIELDS}


def test_the_pending_revision_page_speaks_chinese(chinese_editor_client, editor_client, live):
    _propose(editor_client, live, answer="Proposed")
    html = chinese_editor_client.get(change_url(live)).content.decode()
    assert "待审修订" in html
    assert "批准后的改动" in html


def test_publisher_previews_the_pending_revision_as_a_page_and_nothing_is_saved(
    editor_client, publisher_client, live
):
    _propose(editor_client, live, answer=f"**Bold** {SECRET}")
    html = publisher_client.get(f"/admin/questions/question/{live.pk}/preview/?pending=1").content.decode()
    assert f"<strong>Bold</strong> {SECRET}" in html
    assert "Preview of the pending revision" in html
    live.refresh_from_db()
    assert SECRET not in live.answer_html
    assert (
        SECRET not in publisher_client.get(f"/admin/questions/question/{live.pk}/preview/").content.decode()
    )


def test_a_pending_revision_left_by_an_unpublish_is_shown_and_can_be_discarded(
    editor_client, publisher_client, live
):
    _propose(editor_client, live, answer="Written while live")
    publisher_client.post(
        f"/admin/questions/question/{live.pk}/transition/unpublish/", {"reason": "outdated"}
    )
    live.refresh_from_db()
    assert live.status == Question.Status.DRAFT
    html = editor_client.get(change_url(live)).content.decode()
    assert "was written while this question was published" in html
    assert 'form="discard-stale-pending"' in html
    editor_client.post(f"/admin/questions/question/{live.pk}/pending/discard/")
    assert not PendingRevision.objects.filter(question=live).exists()
