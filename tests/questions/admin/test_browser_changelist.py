"""The question changelist in a real browser, at a laptop's 1,280 px and
on a phone: long Chinese article titles wrap inside their own column."""

import pytest
from django.contrib.auth.models import Group

from questions.roles import EDITOR
from tests.browser import live_database, screenshot, sign_in
from tests.factories import QuestionFactory, SourceFactory, StaffFactory

pytestmark = live_database

LONG_SOURCE = "大模型（LLMs）基础面试题：从概念到评测的一百个问题与详细解答，附带参考资料与延伸阅读" * 2


@pytest.fixture
def changelist_page(open_browser, live_server, builtin_categories):
    def open_at(width, height):
        editor = StaffFactory(username=f"editor{width}")
        editor.groups.add(Group.objects.get(name=EDITOR))
        source = SourceFactory(title=LONG_SOURCE)
        for position in range(3):
            QuestionFactory(
                title="什么是大模型幻觉？为什么会产生幻觉？" * 3, source=source, source_position=position
            )
        page = open_browser(viewport={"width": width, "height": height})
        sign_in(page, live_server, editor)
        page.goto("/admin/questions/question/")
        return page

    return open_at


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_long_article_titles_stay_in_their_column_at_1280_px(changelist_page):
    page = changelist_page(1280, 800)
    source, updated = _box(page, "td.field-source"), _box(page, "td.field-updated")
    assert source["x"] + source["width"] <= updated["x"] + 1
    # The text wraps inside the cell instead of spilling over.
    overflow = page.locator("td.field-source").first.evaluate("cell => cell.scrollWidth - cell.clientWidth")
    assert overflow <= 1
    screenshot(page, "admin-changelist-1280")


def test_the_changelist_title_is_readable_on_a_phone(changelist_page):
    page = changelist_page(390, 844)
    assert page.locator("td.field-source").first.is_hidden()
    title = _box(page, "th.field-title")
    assert title["x"] + title["width"] <= 390
    screenshot(page, "admin-changelist-phone")
