"""A publisher's queues in the admin's header, in a real browser: the links
and counts fit a 1,280 px screen and a phone without scrolling sideways, in
light and dark, with no serious accessibility finding."""

import pytest
from django.contrib.auth.models import Group

from questions.editorial.comments import add_comment
from questions.editorial.queues import queues_for
from questions.models import Question, Report
from questions.roles import EDITOR, PUBLISHER
from tests.browser import live_database, screenshot, serious_accessibility_violations, sign_in
from tests.factories import DraftFactory, QuestionFactory, StaffFactory

pytestmark = live_database


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "dark")])
def test_the_queues_in_the_header_fit_a_wide_screen_and_a_phone(open_browser, live_server, width, scheme):
    person = StaffFactory(username="both")
    person.groups.add(Group.objects.get(name=EDITOR), Group.objects.get(name=PUBLISHER))
    QuestionFactory(status=Question.Status.REVIEW, title="大模型的幻觉是什么？为什么会出现？如何缓解？" * 2)
    add_comment(DraftFactory(author=person), person, "A note.")
    Report.objects.create(question=QuestionFactory(), kind="outdated")

    page = open_browser(scheme, viewport={"width": width, "height": 800})
    sign_in(page, live_server, person)
    page.goto("/admin/")

    queues = page.locator("nav.my-queues a")
    # Every queue an editor and publisher works, the registered ones included
    # (candidates struggle here, due for re-verification).
    assert queues.count() == len(queues_for(person)) == 6
    assert page.locator("nav.my-queues a[href$='?queue=review'] .queue-count").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for link in range(queues.count()):
        box = queues.nth(link).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"admin-queues-{width}-{scheme}")
