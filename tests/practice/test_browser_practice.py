"""The practice keyboard in a real browser, as in Anki: Space reveals and
puts the focus on Good, never on Again; a second Space or Enter grades Good;
1–4 grade; u undoes the last grade."""

from playwright.sync_api import expect

from practice.models import ReviewLog
from tests.browser import live_database, serious_accessibility_violations
from tests.factories import QuestionFactory

pytestmark = live_database


def _ratings():
    return list(ReviewLog.objects.order_by("pk").values_list("rating", flat=True))


def test_space_reveals_then_space_or_enter_grades_good_and_focus_never_rests_on_again(page):
    for number in range(4):
        QuestionFactory(title=f"Question {number}")
    page.goto("/practice/")
    good = page.locator("[data-practice] button[data-default]")
    again = page.locator('[data-practice] button[data-key="1"]')

    page.keyboard.press("Space")
    expect(page.locator("[data-reveal]")).to_have_attribute("open", "")
    expect(good).to_be_focused()
    expect(again).not_to_be_focused()
    assert serious_accessibility_violations(page) == []
    page.keyboard.press("Space")
    page.wait_for_url("**/practice/")
    expect(page.get_by_text("Question 1")).to_be_visible()
    assert _ratings() == [3]

    page.get_by_text("Show answer").click()  # by mouse: the focus still goes to Good
    expect(good).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Question 2")).to_be_visible()
    assert _ratings() == [3, 3]

    page.keyboard.press("Space")
    page.keyboard.press("4")
    expect(page.get_by_text("Question 3")).to_be_visible()
    assert _ratings() == [3, 3, 4]

    page.keyboard.press("u")
    expect(page.get_by_text("Your last grade was undone.")).to_be_visible()
    expect(page.locator(".practice-title")).to_have_text("Question 2")
    assert _ratings() == [3, 3]
