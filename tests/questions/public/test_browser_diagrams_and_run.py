"""Diagrams and runnable Python in a real browser: a Mermaid diagram drawn in
light and dark mode with axe at zero serious violations and no CSP violation
(the page watch fails on any console error, which is where Chromium reports
them), a diagram whose init directive tries to restyle it and the page, and
the Run buttons: output, a traceback, an endless loop stopped by the time
limit while the page stays responsive, code that tries to fetch the site as
the reader (blocked by the worker's policy), an endless print stopped at the
output cap, an import the browser cannot give, and the edited copy.
Pyodide's first load is slow, so one test does every run in one page load."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from qbank.static_files import run_worker_policy
from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory

pytestmark = live_database

DIAGRAM = """```mermaid
flowchart LR
  Q[Query] --> S["softmax(QK<sup>T</sup>) <b>scaled</b>"]
  S --> O[Output]
  click Q "javascript:alert(2)"
```"""
RESTYLING_DIAGRAM = """```mermaid
%%{init: {"themeCSS": ".node rect, .node path { fill: rgb(255, 0, 0) !important; } :root, body, html { background: rgb(255, 0, 0) !important; }", "themeVariables": {"primaryColor": "#00ff00", "mainBkg": "#00ff00"}, "fontFamily": "Impact"}}%%
flowchart LR
  A[Start] --> B[End]
```"""
PYODIDE_LOAD_MS = 120_000
RED, GREEN = "rgb(255, 0, 0)", "rgb(0, 255, 0)"


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


def test_a_diagram_directive_cannot_restyle_the_diagram_or_the_page(open_browser, builtin_categories):
    question = QuestionFactory(title="Can a diagram restyle the page?", body=RESTYLING_DIAGRAM)
    page = open_browser()
    page.goto(question.get_absolute_url())
    drawing = page.locator(".prompt .diagram-drawing svg")
    expect(drawing).to_be_visible(timeout=30_000)

    assert _fill(
        page, ".prompt .diagram-drawing svg .node rect, .prompt .diagram-drawing svg .node path"
    ) not in (
        RED,
        GREEN,
    )
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != RED
    style = drawing.locator("style").first.text_content()
    assert "255, 0, 0" not in style
    assert "Impact" not in style


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


# The reader's Python tries to reach the site with the reader's cookies.
AS_THE_READER = """from js import XMLHttpRequest, fetch
from pyodide.http import pyfetch
try:
    await fetch("/accounts/")
    print("reached the site with fetch")
except Exception:
    print("blocked: fetch")
try:
    request = XMLHttpRequest.new()
    request.open("GET", "/accounts/", False)
    request.send()
    print("reached the site with XMLHttpRequest")
except Exception:
    print("blocked: XMLHttpRequest")
response = await pyfetch("/accounts/")
print("reached the site with pyfetch", await response.string())"""


@pytest.fixture
def runnable(builtin_categories, settings):
    settings.RUN_PYTHON_TIME_LIMIT_SECONDS = 2
    return QuestionFactory(
        title="Sum a range",
        answer="```python\nprint(sum(range(10)))\n```\n\n```python\nimport torch\nprint(torch.cuda.is_available())\n```",
        explanation="```python\ndef f():\n    raise ValueError('boom')\n\nf()\n```",
        editor_note="```python\nwhile True:\n    pass\n```\n\n"
        f"```python\n{AS_THE_READER}\n```\n\n```python\nwhile True:\n    print(1)\n```",
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
        address = urlsplit(route.request.url)
        origin = f"{address.scheme}://{address.netloc}"
        headers = {**response.headers, "content-security-policy": run_worker_policy(origin)}
        route.fulfill(response=response, headers=headers)

    page.route("**/js/run-python-worker.js", worker_with_its_policy)
    page.goto(runnable.get_absolute_url())
    for name in ("answer", "explanation", "editor-note"):
        page.locator(f"details.reveal-{name} summary").click()
    blocks = page.locator(".run-python")
    expect(blocks).to_have_count(6)
    first, torch, failing, endless, as_the_reader, flood = (blocks.nth(index) for index in range(6))

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
        "Stopped: the code ran longer than 2 s.", timeout=10_000
    )

    # A new worker: the code cannot fetch the site as the reader.
    as_the_reader.get_by_role("button", name="Run", exact=True).click()
    output = as_the_reader.locator(".run-output pre")
    expect(output).to_contain_text("Traceback", timeout=PYODIDE_LOAD_MS)
    expect(output).to_contain_text("blocked: fetch")
    expect(output).to_contain_text("blocked: XMLHttpRequest")
    assert "reached the site" not in output.inner_text()

    # The same worker runs the edited copy of the first block.
    first.get_by_role("button", name="Try your change").click()
    first.locator(".try-change textarea").fill("print(6 * 7)")
    first.get_by_role("button", name="Run your version").click()
    expect(first.locator(".run-output pre")).to_have_text("42\n")

    # Every kind of output is on the page: the picture and axe's check, before
    # the flood's 2,000 lines (which double axe's time and add nothing new).
    screenshot(page, "run-python")
    assert serious_accessibility_violations(page) == []

    # An endless print stops at the output cap, well before the time limit.
    flood.get_by_role("button", name="Run", exact=True).click()
    expect(flood.locator(".run-output")).to_contain_text(
        "Output truncated at 2,000 lines or 100,000 characters: the code was stopped.", timeout=2_500
    )
    assert page.evaluate("() => 6 * 7") == 42
    assert flood.locator(".run-output pre .run-stdout").count() == 2000
    expect(flood.locator(".run-status")).to_have_text("Finished.")
    assert len(workers) == 2  # one for the first runs, one after the endless loop

    # The flood's worker is gone too: the next run starts a new one (its
    # script is waited for, not Pyodide: each start of it costs seconds).
    with page.expect_response("**/js/run-python-worker.js"):
        first.get_by_role("button", name="Run your version").click()
    expect(first.locator(".run-status")).to_contain_text("Loading Python in your browser")
    # The page closes mid-load: a late request must not reach the route.
    page.unroute_all(behavior="ignoreErrors")
