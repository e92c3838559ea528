"""A mock interview in a real browser: the countdown submits what was typed
when the time runs out, the typed Markdown comes back with highlighted code,
and the summary gives the key-point feedback."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from practice import model_checks
from practice.models import MockAnswer
from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory
from tests.jobs_helpers import run_queued_jobs

pytestmark = live_database

TYPED = "Attention **weighs** tokens.\n\n```python\nimport torch\n```\n"


def test_the_countdown_submits_the_answer_when_time_runs_out(open_browser, builtin_categories):
    QuestionFactory(
        title="What is attention?",
        answer="Attention weighs tokens.",
        key_points="! Attention weighs every token | weighs\n! Softmax | softmax",
    )
    page = open_browser(viewport={"width": 390, "height": 844})
    page.goto("/practice/mock/")
    page.fill("#id_question_count", "1")
    page.fill("#id_minutes_per_question", "1")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/practice/mock/*/")
    # Three seconds left on the clock.
    MockAnswer.objects.update(started_at=timezone.now() - timedelta(seconds=57))
    page.reload()
    page.fill("#id_text", TYPED)
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible(timeout=10_000)
    answer = MockAnswer.objects.get()
    assert answer.text.replace("\r\n", "\n") == TYPED
    assert not answer.timed_out
    assert page.locator(".your-answer-html .highlight .kn").first.is_visible()
    assert page.locator(".grade-suggested").count() == 1
    screenshot(page, "mock-answer-phone")
    assert serious_accessibility_violations(page) == []
    page.locator(".grade-suggested").click()
    page.wait_for_url("**/summary/")
    assert page.locator(".review-next").inner_text().count("Softmax") == 1
    screenshot(page, "mock-summary-phone")
    assert serious_accessibility_violations(page) == []


def test_the_page_waits_for_the_model_and_shows_its_verdict(
    open_browser, builtin_categories, llm_test_models
):
    QuestionFactory(
        title="What is attention?", key_points="! Attention weighs every token | weighs\n! Softmax | softmax"
    )
    page = open_browser()
    page.goto("/practice/mock/")
    page.fill("#id_question_count", "1")
    page.get_by_role("button", name="Start").click()
    page.fill("#id_text", "Attention weighs tokens.")
    page.get_by_role("button", name="Submit and show the model answer").click()
    page.get_by_role("button", name="Ask the model too").click()
    expect(page.get_by_role("status")).to_contain_text("The model is reading your answer")
    assert run_queued_jobs() == [model_checks.TASK_NAME]  # the worker's part
    # static/js/model-check.js reloads the page until the verdict is there.
    expect(page.locator(".model-check .key-point-feedback")).to_be_visible(timeout=10_000)
    assert "Checked by a language model" in page.locator(".model-check").inner_text()
    screenshot(page, "mock-model-check")
    assert serious_accessibility_violations(page) == []
