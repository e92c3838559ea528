"""An editor's session in a real browser: log in to the admin, edit an
answer and watch the live preview highlight the code, check an article
import's preview. XSS payloads sit in every field; the page watch fails the
test on any dialog or console error (a CSP violation is one)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from questions.models import Question
from tests.browser import live_database, screenshot, serious_accessibility_violations, sign_in
from tests.factories import QuestionFactory
from tests.jobs_helpers import run_queued_jobs
from tests.questions.markdown.test_renderer import XSS_PAYLOADS

pytestmark = live_database

PASSWORD = "correct horse battery staple"
ATTACK = "\n\n".join(XSS_PAYLOADS)
SEED = Path(__file__).resolve().parents[3] / "fixtures/articles/000_078af3b08b6dc3fc.txt"


@pytest.fixture
def editor_signed_in_by_the_form(open_browser, editor):
    page = open_browser()
    page.goto("/admin/login/")
    assert serious_accessibility_violations(page) == []
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page, editor


@pytest.fixture
def editor_page(open_browser, live_server, editor):
    """Signed in by a session cookie: the form is driven in the first test."""
    page = open_browser()
    sign_in(page, live_server, editor)
    return page, editor


def test_editor_edits_an_answer_and_sees_the_live_preview(editor_signed_in_by_the_form):
    page, editor = editor_signed_in_by_the_form
    question = QuestionFactory(
        title='Draft <script>alert("title")</script>',
        body=ATTACK,
        answer=ATTACK,
        explanation=ATTACK,
        editor_note=ATTACK,
        status=Question.Status.DRAFT,
        author=editor,
    )
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    answer = page.locator("#id_answer")
    answer.fill("")
    answer.press_sequentially("Use it:\n\n```python\nimport torch\n```\n", delay=5)
    preview = page.locator(".markdownx-preview").nth(1)
    expect(preview.locator(".highlight .kn")).to_have_text("import")
    screenshot(page, "admin-live-preview")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/questions/question/**")
    question.refresh_from_db()
    assert question.answer.replace("\r\n", "\n") == "Use it:\n\n```python\nimport torch\n```"
    assert '<span class="kn">import</span>' in question.answer_html


def test_editor_writes_key_points_and_their_preview_is_the_checklist_or_the_line_at_fault(editor_page):
    page, editor = editor_page
    question = QuestionFactory(key_points=f"! {XSS_PAYLOADS[0]}", status=Question.Status.DRAFT, author=editor)
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    key_points = page.locator("#id_key_points")
    preview = page.locator("#id_key_points").locator("xpath=ancestor::*[contains(@class,'markdownx')][1]")
    key_points.fill("")
    key_points.press_sequentially("! 注意力机制 | self-attention\n| a | b", delay=5)
    expect(preview.locator(".errornote")).to_contain_text("line 2")
    key_points.press("Backspace")
    key_points.press("Backspace")
    key_points.press("Backspace")
    key_points.press("Backspace")
    expect(preview.locator(".key-point-list li")).to_contain_text("注意力机制")
    screenshot(page, "admin-key-points-preview")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/questions/question/**")
    question.refresh_from_db()
    assert [point.phrasings for point in question.parsed_key_points()] == [("self-attention", "a")]


def test_editor_checks_the_preview_of_an_article_import(editor_page):
    page, _editor = editor_page
    page.goto("/admin/questions/question/import/")
    page.set_input_files("input[name=file]", str(SEED))
    page.click(".submit-row input[type=submit]")
    page.wait_for_url("**/admin/jobs/job/**")  # the preview is a job; its page refreshes itself
    run_queued_jobs()
    expect(page.locator('input[name="payload"]')).to_have_count(1)
    assert page.locator(".side-by-side .highlight").count() >= 1
    screenshot(page, "admin-import-preview")
    assert Question.objects.count() == 0
