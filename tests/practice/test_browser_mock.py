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

# Every setTimeout's delay, recorded; the timers are held (never run) while
# the tab's sessionStorage holds HOLD_TIMERS, so that only the test reloads.
HOLD_TIMERS = "qbank-test-hold-timers"
RECORD_TIMEOUTS = f"""
window.qbankTimeouts = [];
const setTimeoutAsMade = window.setTimeout;
window.setTimeout = function (callback, delay, ...rest) {{
  window.qbankTimeouts.push(delay);
  if (sessionStorage.getItem("{HOLD_TIMERS}")) return 0;
  return setTimeoutAsMade.call(window, callback, delay, ...rest);
}};
"""


def _reload_waits(page) -> list[int]:
    """The waits of a whole number of seconds the page asked for: the reload's."""
    return [delay for delay in page.evaluate("window.qbankTimeouts") if delay in (1000, 2000, 3000)]


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
    page.add_init_script(RECORD_TIMEOUTS)
    page.goto("/practice/mock/")
    page.fill("#id_question_count", "1")
    page.get_by_role("button", name="Start").click()
    page.fill("#id_text", "Attention weighs tokens.")
    page.get_by_role("button", name="Submit and show the model answer").click()
    page.evaluate(f"sessionStorage.setItem('{HOLD_TIMERS}', '1')")
    page.get_by_role("button", name="Ask the model too").click()
    # static/js/model-check.js reloads the page until the verdict is there:
    # after 1 s, then 2 s, then every 3 s (its timers held, the test reloads).
    for wait in (1000, 2000, 3000, 3000):
        expect(page.get_by_role("status")).to_contain_text("The model is reading your answer")
        page.wait_for_load_state("load")
        assert _reload_waits(page) == [wait]
        page.reload()
    page.evaluate("sessionStorage.clear()")  # the timers run again, the count starts afresh
    page.reload()
    assert _reload_waits(page) == [1000]
    assert run_queued_jobs() == [model_checks.TASK_NAME]  # the worker's part
    # The page's own reload shows the verdict, and its count is forgotten.
    expect(page.locator(".model-check .key-point-feedback")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0
    assert "Checked by a language model" in page.locator(".model-check").inner_text()
    screenshot(page, "mock-model-check")
    assert serious_accessibility_violations(page) == []
