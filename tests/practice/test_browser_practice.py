"""The practice keyboard in a real browser, as in Anki: Space reveals and
puts the focus on Good, never on Again; a second Space or Enter grades Good;
1–4 grade; u undoes the last grade."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from practice import scheduling
from practice.models import ReviewLog
from practice.owners import Owner
from tests.browser import live_database, screenshot, serious_accessibility_violations, sign_in
from tests.factories import QuestionFactory, UserFactory

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


def test_on_a_phone_the_heatmap_opens_at_today(open_browser, live_server):
    user = UserFactory()
    scheduling.grade(Owner(user_id=user.pk), QuestionFactory(), 3, now=timezone.now())
    page = open_browser(viewport={"width": 375, "height": 740})
    sign_in(page, live_server, user)
    page.goto("/practice/progress/")

    today = page.locator("svg.heatmap rect.heat").last  # the last square drawn is today's
    box = today.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 375
    screenshot(page, "progress-phone")
    assert serious_accessibility_violations(page) == []


def test_the_interview_settings_and_custom_study_pages_pass_axe_in_light_and_dark(open_browser):
    for number in range(3):
        QuestionFactory(title=f"Question {number}")
    for scheme in ("light", "dark"):
        page = open_browser(scheme)
        page.goto("/practice/interview/")
        page.get_by_label("Interview date").fill((timezone.localdate() + timedelta(days=9)).isoformat())
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("days to your interview")).to_be_visible()
        assert serious_accessibility_violations(page) == []
        screenshot(page, f"interview-{scheme}")
        page.goto("/practice/settings/")
        assert serious_accessibility_violations(page) == []
        page.goto("/practice/custom/?lowest_recall=on")
        assert serious_accessibility_violations(page) == []
        page.goto("/practice/custom/?category=")
        expect(page.get_by_text("Question 0")).to_be_visible()
        assert serious_accessibility_violations(page) == []
