"""Diagrams and runnable Python in a real browser: a Mermaid diagram drawn in
light and dark mode with axe at zero serious violations and no CSP violation
(the page watch fails on any console error, which is where Chromium reports
them), and the Run buttons: output, a traceback, an endless loop stopped by
the time limit while the page stays responsive, an import the browser cannot
give, and the edited copy. Pyodide's first load is slow, so one test does
every run in one page load."""

import pytest
from playwright.sync_api import expect

from qbank.static_files import RUN_WORKER_POLICY
from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory

pytestmark = live_database

DIAGRAM = """```mermaid
flowchart LR
  Q[Query] --> S["softmax(QK<sup>T</sup>) <b>scaled</b>"]
  S --> O[Output]
  click Q "javascript:alert(2)"
```"""
PYODIDE_LOAD_MS = 120_000


def _fill(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).fill")


def test_a_diagram_is_drawn_in_light_and_dark_mode(open_browser, builtin_categories):
    question = QuestionFactory(
        title="How does attention flow?", body=DIAGRAM, answer=f"As drawn:\n\n{DIAGRAM}"
    )
    fills = {}
    for scheme in ("light", "dark"):
        page = open_browser(scheme)
        page.goto(question.get_absolute_url())
        prompt = page.locator(".prompt figure.diagram")
        expect(prompt.locator(".diagram-drawing svg")).to_be_visible(timeout=30_000)
        expect(prompt.locator("pre.mermaid-source")).to_be_hidden()
        page.locator("details.reveal-answer summary").click()
        expect(page.locator(".reveal-answer .diagram-drawing svg")).to_be_visible()
        assert page.locator(".diagram-drawing svg [onerror], .diagram-drawing svg script").count() == 0
        fills[scheme] = _fill(
            page, ".prompt .diagram-drawing svg .node rect, .prompt .diagram-drawing svg .node path"
        )
        screenshot(page, f"diagram-{scheme}")
        assert serious_accessibility_violations(page) == []
    assert fills["light"] != fills["dark"]


def test_without_scripts_the_diagram_source_and_the_code_are_readable(open_browser, builtin_categories):
    question = QuestionFactory(
        title="How does attention flow?", body=f"{DIAGRAM}\n\n```python\nprint(1)\n```"
    )
    page = open_browser(java_script_enabled=False)
    page.goto(question.get_absolute_url())
    source = page.locator(".prompt pre.mermaid-source")
    expect(source).to_be_visible()
    assert "flowchart LR" in source.inner_text()
    expect(page.locator(".prompt .highlight")).to_contain_text("print(1)")
    assert page.locator("button.run-code").count() == 0


@pytest.fixture
def runnable(builtin_categories, settings):
    settings.RUN_PYTHON_TIME_LIMIT_SECONDS = 3
    return QuestionFactory(
        title="Sum a range",
        answer="```python\nprint(sum(range(10)))\n```\n\n```python\nimport torch\nprint(torch.cuda.is_available())\n```",
        explanation="```python\ndef f():\n    raise ValueError('boom')\n\nf()\n```",
        editor_note="```python\nwhile True:\n    pass\n```",
    )


def test_run_python_in_the_browser(open_browser, runnable):
    page = open_browser()
    workers = []

    def worker_with_its_policy(route):
        # The live server's static handler sends no CSP; production's
        # whitenoise sends this one (qbank/static_files.py): the worker must
        # work under it.
        workers.append(route.request.url)
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": RUN_WORKER_POLICY}
        route.fulfill(response=response, headers=headers)

    page.route("**/js/run-python-worker.js", worker_with_its_policy)
    page.goto(runnable.get_absolute_url())
    for name in ("answer", "explanation", "editor-note"):
        page.locator(f"details.reveal-{name} summary").click()
    blocks = page.locator(".run-python")
    expect(blocks).to_have_count(4)
    first, torch, failing, endless = (blocks.nth(index) for index in range(4))

    first.get_by_role("button", name="Run", exact=True).click()
    expect(first.locator(".run-output pre")).to_have_text("45\n", timeout=PYODIDE_LOAD_MS)

    torch.get_by_role("button", name="Run", exact=True).click()
    expect(torch.locator(".run-output")).to_contain_text("Not available in the browser: torch")

    failing.get_by_role("button", name="Run", exact=True).click()
    expect(failing.locator(".run-output pre")).to_contain_text("Traceback", timeout=30_000)
    expect(failing.locator(".run-output pre")).to_contain_text("ValueError: boom")

    endless.get_by_role("button", name="Run", exact=True).click()
    expect(endless.locator(".run-status")).to_have_text("Running…")
    # The loop runs in the worker: the page still answers and reacts.
    assert page.evaluate("() => 6 * 7") == 42
    endless.get_by_role("button", name="Try your change").click()
    expect(endless.locator(".try-change textarea")).to_be_visible()
    expect(endless.locator(".run-output")).to_contain_text(
        "Stopped: the code ran longer than 3 s.", timeout=10_000
    )

    # A new worker for the next run: the edited copy of the first block.
    first.get_by_role("button", name="Try your change").click()
    first.locator(".try-change textarea").fill("print(6 * 7)")
    first.get_by_role("button", name="Run your version").click()
    expect(first.locator(".run-output pre")).to_have_text("42\n", timeout=PYODIDE_LOAD_MS)
    assert len(workers) == 2  # the stopped one, and its successor
    assert len(workers) == 2  # the stopped one, and its successor
    screenshot(page, "run-python")
    assert serious_accessibility_violations(page) == []
