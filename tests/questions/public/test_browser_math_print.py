"""Formulas and the print sheet in a real browser: MathML laid out by
Chromium with no script, in light and dark mode, axe-core at zero serious
violations, no Content-Security-Policy violation (the page watch fails on
the console's report of one, and the page counts them too); then the print
sheet and the question page under print media."""

from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory, category

pytestmark = live_database

# Counts the violations the page reports, before any of its own code runs.
COUNT_CSP_VIOLATIONS = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective));"
)
CODE = "```python\nprint('a long line " + "wide " * 60 + "')\n```"


def _style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")


def test_formulas_render_in_both_schemes_and_the_sheet_prints(open_browser):
    question = QuestionFactory(
        title="Scaled dot-product attention",
        category=category("concept"),
        body="Why divide $QK^\\top$ by $\\sqrt{d_k}$? It costs $5 and $10.",
        answer=f"$$\\operatorname{{softmax}}\\left(\\frac{{QK^\\top}}{{\\sqrt{{d_k}}}}\\right)V$$\n\n"
        f"A typo: $\\frac{{a}}$\n\n{CODE}",
        explanation="Keeps the variance of $q \\cdot k$ at 1.\n\n$$"
        + " + ".join(f"x_{{{n}}}" for n in range(60))
        + "$$",
    )
    QuestionFactory(title="Second", category=category("concept"), answer="$x_i$")
    page = open_browser("light")
    page.add_init_script(COUNT_CSP_VIOLATIONS)
    page.goto(question.get_absolute_url())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")

    # MathML laid out by the browser: a fraction is taller than a line of text.
    display = page.locator("math[display='block']").first
    assert (
        display.bounding_box()["height"] > 1.5 * page.locator(".prompt math").first.bounding_box()["height"]
    )
    assert page.locator(".prompt").inner_text().endswith("It costs $5 and $10.")
    error = page.locator("code.math-error")
    assert error.inner_text() == "$\\frac{a}$"
    marker = page.eval_on_selector("code.math-error", "e => getComputedStyle(e, '::before').content")
    assert marker == '"Invalid formula: "'
    # The stored HTML serves both languages; the marker follows the page's.
    page.evaluate("document.documentElement.lang = 'zh-hans'")
    marker = page.eval_on_selector("code.math-error", "e => getComputedStyle(e, '::before').content")
    assert marker == '"公式有误："'
    page.evaluate("document.documentElement.lang = 'en'")
    # On a phone a wide formula scrolls by itself (and by keyboard), not the page.
    page.set_viewport_size({"width": 360, "height": 800})
    wide = page.locator(".reveal-explanation math[display='block']")
    assert wide.evaluate("m => m.scrollWidth > m.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        screenshot(page, f"math-{scheme}")
        assert serious_accessibility_violations(page) == [], scheme

    # The question page on paper: no navigation, the closed reveals printed open.
    page.emulate_media(media="print", color_scheme="light")
    page.reload()
    assert page.eval_on_selector("details.reveal-answer", "d => d.open") is False
    assert _style(page, ".site-header", "display") == "none"
    assert page.locator("details.reveal-answer .highlight").is_visible()

    page.goto("/print/?category=concept")
    assert page.locator(".sheet-item").count() == 2
    assert page.locator(".sheet-answer").count() == 2
    assert _style(page, ".site-header", "display") == "none"
    assert _style(page, ".no-print", "display") == "none"
    assert _style(page, ".sheet-answers", "break-before") == "page"
    assert _style(page, ".highlight", "break-inside") == "avoid"
    assert _style(page, ".highlight pre", "white-space") == "pre-wrap"
    # Wrapped, not cut: the long line fits the page's width.
    assert page.eval_on_selector(".highlight pre", "e => e.scrollWidth <= e.clientWidth")
    qr_widths = page.eval_on_selector_all(
        ".sheet-qr", "images => images.map(i => i.complete && i.naturalWidth)"
    )
    assert all(width and width > 0 for width in qr_widths)
    assert page.locator(".sheet-answers math[display='block']").count() == 2
    screenshot(page, "print-sheet")
    page.pdf()  # lays the sheet out on pages: nothing in it fails to print
    assert page.evaluate("window.cspViolations") == []
