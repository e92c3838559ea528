"""Solutions by language in the browser: tabs that remember the reader's
language from one coding question to the next, without a CSP violation
(the page watch fails on any console error) and with axe satisfied."""

from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory, category

pytestmark = live_database

SOLUTIONS = "Slicing.\n\n```python\nprint(s[::-1])\n```\n\n```cpp\nstd::reverse(s.begin(), s.end());\n```"


def test_the_chosen_language_is_remembered_across_coding_questions(open_browser, builtin_categories):
    first = QuestionFactory(title="Reverse a string", category=category("coding"), solutions=SOLUTIONS)
    second = QuestionFactory(
        title="Reverse a list",
        category=category("coding"),
        solutions="```java\nCollections.reverse(xs);\n```\n\n```c++\nstd::reverse(xs.begin(), xs.end());\n```",
    )
    page = open_browser("dark")
    page.goto(first.get_absolute_url())
    page.locator(".reveal-solutions > summary").click()
    tabs = page.get_by_role("tab")
    assert tabs.all_inner_texts() == ["Python", "C++"]
    assert page.get_by_role("tab", name="Python").get_attribute("aria-selected") == "true"
    assert page.locator(".solution[data-language=python]").is_visible()
    assert not page.locator(".solution[data-language=cpp]").is_visible()
    page.get_by_role("tab", name="C++").click()
    assert page.locator(".solution[data-language=cpp] .highlight").is_visible()
    assert not page.locator(".solution[data-language=python]").is_visible()
    assert serious_accessibility_violations(page) == []

    page.goto(second.get_absolute_url())
    page.locator(".reveal-solutions > summary").click()
    assert page.get_by_role("tab", name="C++").get_attribute("aria-selected") == "true"
    assert page.get_by_role("tabpanel").inner_text().startswith("std::reverse")
    assert not page.locator(".solution[data-language=java]").is_visible()
    page.get_by_role("tab", name="C++").press("ArrowLeft")  # the keyboard moves between tabs
    assert page.get_by_role("tab", name="Java").get_attribute("aria-selected") == "true"
    screenshot(page, "solutions-tabs-dark")
