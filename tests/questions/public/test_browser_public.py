"""A candidate's visit in a real browser: home → category → question, reveal
the answer and explanation, copy a code block, search as a person types,
dark mode, and axe-core on every public page in light and dark mode. XSS
payloads are stored in every field; the page watch fails any test in which
a dialog opened or the console reported an error.

The practice loop (issue 10) is not on this branch: whoever lands it adds
its walk-through here.
"""

import pytest
from playwright.sync_api import expect

from questions.models import Question
from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory, SourceFactory, TagFactory, category
from tests.questions.markdown.test_renderer import XSS_PAYLOADS

pytestmark = live_database

ATTACK = "\n\n".join(XSS_PAYLOADS)
TITLE_ATTACK = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
# The long line makes the block scroll sideways: it must be keyboard-focusable.
CODE = "```python\nimport torch\nprint(torch.__version__)  # " + "wide " * 60 + "\n```"


@pytest.fixture
def bank(builtin_categories):
    """Published questions whose every field carries XSS payloads."""
    source = SourceFactory(title=f"Article {TITLE_ATTACK}", intro=ATTACK, conclusion=ATTACK, appendix=ATTACK)
    tag = TagFactory(name="xss<svg onload=alert(3)>")
    question = QuestionFactory(
        title=f"What is attention? {TITLE_ATTACK}",
        category=category("concept"),
        body=ATTACK,
        answer=f"Attention weighs tokens.\n\n{CODE}\n\n{ATTACK}",
        explanation=f"Because softmax.\n\n{ATTACK}",
        editor_note=ATTACK,
        key_points=f"! Attention weighs tokens {TITLE_ATTACK} | attention\nSoftmax {TITLE_ATTACK}",
        solutions=f"{TITLE_ATTACK}\n\n{CODE}\n\n```cpp\nint x; // {TITLE_ATTACK}\n```",
        source=source,
        source_position=1,
        tags=[tag],
    )
    QuestionFactory(title="Second question about attention", category=category("concept"), tags=[tag])
    QuestionFactory(title="A coding question", category=category("coding"), answer=CODE)
    return question


def test_browse_reveal_and_copy(open_browser, bank):
    page = open_browser(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("link", name="Concept", exact=False).first.click()
    page.wait_for_url("**/c/concept/")
    screenshot(page, "category")
    page.get_by_role("link", name=bank.title).first.click()
    page.wait_for_url(f"**{bank.get_absolute_url()}")
    assert page.locator("h1").inner_text() == bank.title  # the payload is text, not markup

    answer = page.locator("details.reveal-answer")
    assert not answer.evaluate("element => element.open")
    answer.locator("summary").click()
    assert answer.locator(".highlight .kn").first.is_visible()
    page.locator("details.reveal-explanation summary").click()
    assert page.locator("details.reveal-explanation .prose").inner_text().startswith("Because softmax.")
    screenshot(page, "question")

    answer.locator(".copy-code").click()
    expect(answer.locator(".copy-code")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()").startswith("import torch")


def test_search_as_a_person_types_it(page, bank):
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("attention", delay=20)
    box.press("Enter")
    page.wait_for_url("**/search/?q=attention**")
    results = page.locator(".search-result, .result, article")
    assert results.count() >= 2
    assert page.locator("mark").count() >= 1
    screenshot(page, "search")


def test_dark_mode_follows_the_system(open_browser, bank):
    backgrounds = {}
    for scheme in ("light", "dark"):
        page = open_browser(scheme)
        page.goto(bank.get_absolute_url())
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        screenshot(page, f"question-{scheme}")
    assert backgrounds["light"] != backgrounds["dark"]


PUBLIC_PAGES = {
    "home": lambda q: "/",
    "category": lambda q: q.category.get_absolute_url(),
    "question": lambda q: q.get_absolute_url(),
    "report a problem": lambda q: f"{q.get_absolute_url()}report/",
    "source": lambda q: q.source.get_absolute_url(),
    "search": lambda q: "/search/?q=attention",
    "tags": lambda q: "/tags/",
    "tag": lambda q: q.tags.get().get_absolute_url(),
    "not found": lambda q: "/no/such/page/",
    "sign in": lambda q: "/accounts/login/",
    "sign up": lambda q: "/accounts/signup/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_pages_have_no_serious_accessibility_violations(open_browser, bank, scheme):
    page = open_browser(scheme)
    found = {}
    for name, url in PUBLIC_PAGES.items():
        response = page.goto(url(bank))
        assert response.status == (404 if name == "not found" else 200), name
        # Open every reveal so that the answer's code blocks are checked too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found.update({f"{name}: {v}": None for v in serious_accessibility_violations(page)})
    assert list(found) == [], "\n".join(found)


def test_draft_is_not_shown_to_a_visitor(page, bank):
    draft = QuestionFactory(title="Secret draft", status=Question.Status.DRAFT)
    response = page.goto(draft.get_absolute_url())
    assert response.status == 404
