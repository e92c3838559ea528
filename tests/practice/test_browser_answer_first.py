"""Answer first in a real browser, as a guest: type, check, read the
feedback, grade — and axe-core on the card with its feedback, light and dark."""

import pytest
from playwright.sync_api import expect

from practice.models import ReviewLog, TypedAnswer
from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory

pytestmark = live_database


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_guest_types_an_answer_sees_what_it_covers_and_grades_it(open_browser, scheme):
    QuestionFactory(
        title="What is attention?",
        answer="注意力机制 weighs tokens; 位置编码 adds order.",
        key_points="! 注意力机制 | self-attention\n位置编码 | positional encoding",
    )
    page = open_browser(scheme)
    page.goto("/practice/")
    page.get_by_role("button", name="Type my answer first").click()
    page.get_by_label("Your answer, before you look").fill("Self-attention lets tokens look at each other.")
    page.get_by_role("button", name="Check my answer and show the model answer").click()

    feedback = page.locator(".key-point-feedback")
    expect(feedback).to_contain_text("1 of 2 covered")
    expect(feedback.locator("mark")).to_have_text("Self-attention")
    suggested = page.locator("button.grade-suggested")
    expect(suggested).to_have_count(1)
    expect(suggested).to_contain_text("Good")
    screenshot(page, f"practice-answer-first-{scheme}")
    assert serious_accessibility_violations(page) == []
    assert not ReviewLog.objects.exists()  # suggested, not applied

    page.get_by_role("button", name="Hard").click()
    page.wait_for_url("**/practice/")
    assert ReviewLog.objects.get().rating == ReviewLog.Rating.HARD
    assert TypedAnswer.objects.get().text == "Self-attention lets tokens look at each other."
