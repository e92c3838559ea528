"""Key points are content like the answer: the change form and its preview,
revisions (compare, restore), pending revisions and their approval."""

import pytest

from questions.models import PendingRevision, Question
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

POINTS = "! 注意力机制 | self-attention\n位置编码 | positional encoding"


def test_the_change_form_edits_key_points_with_a_checklist_preview(editor_client):
    draft = DraftFactory()
    html = editor_client.get(change_url(draft)).content.decode()
    assert 'name="key_points"' in html
    assert 'data-markdownx-urls-path="/markdownx/key-points/"' in html
    response = editor_client.post(change_url(draft), form_data(draft, key_points=POINTS))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [point.statement for point in draft.parsed_key_points()] == ["注意力机制", "位置编码"]


def test_the_change_form_names_the_line_of_a_broken_key_point(editor_client):
    draft = DraftFactory()
    response = editor_client.post(change_url(draft), form_data(draft, key_points="ok\n\n| a | b"))
    assert response.status_code == 200
    assert "Key points, line 3" in response.content.decode()


def test_the_preview_shows_the_checklist_or_the_line_at_fault(editor_client):
    html = editor_client.post("/markdownx/key-points/", {"content": POINTS}).content.decode()
    assert "注意力机制" in html
    assert "essential" in html
    assert "<code>self-attention</code>" in html  # the editor sees the phrasings the checker accepts
    broken = editor_client.post("/markdownx/key-points/", {"content": "| orphan"})
    assert broken.status_code == 200
    assert '<p class="errornote">Key points, line 1:' in broken.content.decode()


def test_the_preview_refuses_people_who_do_not_write(client, staff_client):
    assert client.post("/markdownx/key-points/", {"content": POINTS}).status_code in {302, 403}
    assert staff_client.post("/markdownx/key-points/", {"content": POINTS}).status_code == 403


def test_compare_shows_a_diff_of_the_key_points_and_restore_brings_them_back(editor_client):
    draft = DraftFactory(key_points="! 旧要点 | old")
    old = draft.history.latest("history_id")
    draft = Question.objects.get(pk=draft.pk)
    draft.key_points = "! 新要点 | new"
    draft.save()
    html = editor_client.get(
        f"/admin/questions/question/{draft.pk}/history/compare/", {"from": old.history_id, "to": "current"}
    ).content.decode()
    assert "<del>旧</del>" in html
    assert "<ins>新</ins>" in html
    editor_client.post(f"/admin/questions/question/{draft.pk}/history/{old.history_id}/restore/")
    draft.refresh_from_db()
    assert draft.key_points == "! 旧要点 | old"


def test_key_points_of_a_published_question_wait_in_a_pending_revision_until_approved(
    editor_client, publisher_client
):
    live = QuestionFactory(key_points="! live point")
    response = editor_client.post(
        change_url(live),
        form_data(live, version=0, base_version=live.version, reason="better points", key_points=POINTS),
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.key_points == "! live point"
    assert PendingRevision.objects.get(question=live).key_points == POINTS
    # The publisher reviews what approving would change, key points included.
    review = publisher_client.get(change_url(live)).content.decode()
    changes = review[review.index("What approving it changes") : review.index("Approve: make it live")]
    assert "key points" in changes.lower()
    assert "<ins>" in changes
    assert "注意力机制" in changes
    publisher_client.post(
        f"/admin/questions/question/{live.pk}/pending/approve/", {"version": 1, "reason": "ok"}
    )
    live.refresh_from_db()
    assert live.key_points == POINTS
