"""Solutions are content like the answer: the change form and its preview,
revisions (compare, restore), pending revisions and their approval."""

import pytest

from questions.models import Category, PendingRevision, Question
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SOLUTIONS = "Slicing.\n\n```python\nprint(s[::-1])\n```\n\n```go\nfmt.Println(s)\n```"


def test_the_change_form_edits_solutions_with_a_tabs_preview(editor_client):
    draft = DraftFactory()
    html = editor_client.get(change_url(draft)).content.decode()
    assert 'name="solutions"' in html
    assert 'data-markdownx-urls-path="/markdownx/solutions/"' in html
    assert "js/solutions.js" in html
    response = editor_client.post(change_url(draft), form_data(draft, solutions=SOLUTIONS))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [solution.name for solution in draft.parsed_solutions()] == ["Python", "Go"]
    assert 'data-language="go"' in draft.solutions_html


def test_the_solutions_are_folded_on_other_questions_and_open_on_coding_ones(editor_client):
    concept = DraftFactory(category=Category.objects.get(slug="concept"))
    folded = editor_client.get(change_url(concept)).content.decode()
    coding = DraftFactory(category=Category.objects.get(slug="coding"))
    shown = editor_client.get(change_url(coding)).content.decode()

    def fieldset(html):
        return html[: html.index('name="solutions"')].rsplit("<fieldset", 1)[1]

    assert "collapse" in fieldset(folded)
    assert "collapse" not in fieldset(shown)


def test_the_change_form_names_the_line_of_a_broken_solution(editor_client):
    draft = DraftFactory()
    response = editor_client.post(
        change_url(draft), form_data(draft, solutions="```python\nx\n```\n```py\ny\n```")
    )
    assert response.status_code == 200
    assert "Solutions, line 4: a second solution in Python" in response.content.decode()


def test_the_preview_shows_the_tabs_or_the_line_at_fault(editor_client):
    html = editor_client.post("/markdownx/solutions/", {"content": SOLUTIONS}).content.decode()
    assert '<div class="solutions" data-solutions>' in html
    assert '<h3 class="solution-language">Go</h3>' in html
    broken = editor_client.post("/markdownx/solutions/", {"content": "```klingon\nx\n```"})
    assert broken.status_code == 200
    assert '<p class="errornote">Solutions, line 1:' in broken.content.decode()


def test_the_preview_refuses_people_who_do_not_write(client, staff_client):
    assert client.post("/markdownx/solutions/", {"content": SOLUTIONS}).status_code in {302, 403}
    assert staff_client.post("/markdownx/solutions/", {"content": SOLUTIONS}).status_code == 403


def test_compare_shows_a_diff_of_the_solutions_and_restore_brings_them_back(editor_client):
    draft = DraftFactory(solutions="```python\nold_name = 1\n```")
    old = draft.history.latest("history_id")
    draft = Question.objects.get(pk=draft.pk)
    draft.solutions = "```python\nnew_name = 1\n```"
    draft.save()
    html = editor_client.get(
        f"/admin/questions/question/{draft.pk}/history/compare/", {"from": old.history_id, "to": "current"}
    ).content.decode()
    assert "<del>old_name</del>" in html or "<del>old</del>" in html
    assert "<ins>new_name</ins>" in html or "<ins>new</ins>" in html
    editor_client.post(f"/admin/questions/question/{draft.pk}/history/{old.history_id}/restore/")
    draft.refresh_from_db()
    assert draft.solutions == "```python\nold_name = 1\n```"
    assert "old_name" in draft.solutions_html


def test_solutions_of_a_published_question_wait_in_a_pending_revision_until_approved(
    editor_client, publisher_client
):
    live = QuestionFactory(solutions="```python\nlive = 1\n```")
    response = editor_client.post(
        change_url(live),
        form_data(live, version=0, base_version=live.version, reason="a Go solution", solutions=SOLUTIONS),
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.solutions == "```python\nlive = 1\n```"
    assert PendingRevision.objects.get(question=live).solutions == SOLUTIONS
    review = publisher_client.get(change_url(live)).content.decode()
    changes = review[review.index("What approving it changes") : review.index("Approve: make it live")]
    assert "solutions" in changes.lower()
    assert "<ins>" in changes
    assert "fmt.Println" in changes
    publisher_client.post(
        f"/admin/questions/question/{live.pk}/pending/approve/", {"version": 1, "reason": "ok"}
    )
    live.refresh_from_db()
    assert live.solutions == SOLUTIONS
    assert 'data-language="go"' in live.solutions_html
