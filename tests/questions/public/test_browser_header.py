"""The header on a phone (390×844) is one row: the brand, the search box and
a Menu that opens the categories, the language and the account links
without JavaScript; on a wide screen those stand in the header itself."""

import pytest

from tests.browser import live_database, screenshot, serious_accessibility_violations
from tests.factories import QuestionFactory

pytestmark = live_database

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def question(builtin_categories):
    return QuestionFactory(title="什么是大模型？")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_is_one_row_on_a_phone(open_browser, question, scheme):
    page = open_browser(scheme, viewport=PHONE)
    page.goto("/practice/")
    header = page.locator(".site-header").bounding_box()
    search = page.locator("#site-search-q").bounding_box()
    menu = page.locator(".site-menu > summary").bounding_box()
    assert header["height"] < 0.1 * PHONE["height"]  # it was three rows, ~30 % of the screen
    assert abs(search["y"] - menu["y"]) < 10  # side by side
    assert not page.locator(".site-nav").is_visible()
    screenshot(page, f"header-phone-{scheme}")
    assert serious_accessibility_violations(page) == []


def test_phone_menu_opens_the_categories_language_and_account_links(open_browser, question):
    page = open_browser(viewport=PHONE, java_script_enabled=False)
    page.goto("/practice/")
    page.locator(".site-menu > summary").click()
    assert page.locator(".site-nav a", has_text="Coding").is_visible()
    assert page.locator("#language-select").is_visible()
    sign_up = page.locator(".account-nav a", has_text="Sign up")
    assert sign_up.get_attribute("href") == "/accounts/signup/?next=/practice/"
    screenshot(page, "header-phone-menu")
    sign_up.click()
    page.wait_for_url("**/accounts/signup/?next=/practice/")


def test_wide_screen_shows_the_menu_in_the_header(open_browser, question):
    page = open_browser(viewport={"width": 1280, "height": 800})
    page.goto("/")
    assert not page.locator(".site-menu > summary").is_visible()
    for text in ("Concept", "Coding", "Practice"):
        assert page.locator(".site-nav a", has_text=text).is_visible()
    assert page.locator(".account-nav a", has_text="Log in").is_visible()
    nav, search = page.locator(".site-nav").bounding_box(), page.locator(".site-search").bounding_box()
    assert nav["x"] < search["x"]  # categories first, as before
