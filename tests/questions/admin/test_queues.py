"""One queue per person: the dashboard, the changelist's queue filter and the
header's counts read the same queues, so they always agree."""

import re

import pytest

from questions.editorial import queues
from questions.editorial.comments import add_comment
from questions.editorial.pending import save_pending
from questions.editorial.workflow import apply_transition
from questions.models import PendingRevision, Question
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CHANGELIST = "/admin/questions/question/"


def _sections(response):
    return {section.key: section for section in response.context.get("dashboard") or []}


def _changelist_count(client, key):
    response = client.get(CHANGELIST, {"queue": key})
    assert response.status_code == 200
    return response.context["cl"].result_count


def _header_counts(response):
    return {queue.key: count for queue, count in response.context["my_queues"]}


def test_publisher_sees_a_pending_revision_in_their_queue_within_one_request_of_its_creation(
    editor_client, publisher_client
):
    live = QuestionFactory(title="Live question")
    data = form_data(live, version=0, base_version=live.version, reason="fix", answer="Fixed.")
    assert editor_client.post(change_url(live), data).status_code == 302
    assert PendingRevision.objects.filter(question=live).exists()

    response = publisher_client.get("/admin/")
    review = _sections(response)["review"]
    assert [question.pk for question in review.questions] == [live.pk]
    assert review.count == 1
    assert _header_counts(response)["review"] == 1


def test_a_pending_revision_the_publisher_wrote_is_not_in_their_review_queue(publisher, editor):
    publisher.groups.add(*editor.groups.all())  # one person with both roles
    live = QuestionFactory()
    values = {name: getattr(live, name) for name in PendingRevision.CONTENT_FIELDS}
    save_pending(live.pk, publisher, values, [], version=0, base_version=live.version, reason="")
    assert not queues.queue_for(publisher, "review").questions(publisher).exists()


def test_every_queue_count_equals_its_filtered_changelist(editor, editor_client, publisher, publisher_client):
    returned = DraftFactory(author=editor)
    apply_transition(returned.pk, "submit", editor, reason="ready")
    apply_transition(returned.pk, "send_back", publisher)
    commented = DraftFactory(author=editor)
    add_comment(commented, publisher, "The answer is outdated.")
    add_comment(commented, publisher, "And the title is vague.")  # listed once all the same
    add_comment(DraftFactory(), publisher, "Not the editor's question.")
    QuestionFactory(status=Question.Status.REVIEW, submitted_by=editor)
    QuestionFactory(status=Question.Status.REVIEW, submitted_by=publisher)  # not for their own review

    for client, user in ((editor_client, editor), (publisher_client, publisher)):
        response = client.get("/admin/")
        header = _header_counts(response)
        sections = _sections(response)
        assert set(header) == {queue.key for queue in queues.queues_for(user)}
        for key, count in header.items():
            assert sections[key].count == count
            assert _changelist_count(client, key) == count

    assert _header_counts(editor_client.get("/admin/")) == {
        "returned": 1, "comments": 1, "reports": 0, "struggling": 0
    }  # fmt: skip
    assert _header_counts(publisher_client.get("/admin/")) == {
        "review": 1, "reports": 0, "reverify": 0, "struggling": 0
    }  # fmt: skip


def test_the_header_shows_the_queues_with_links_to_their_lists(editor, editor_client):
    DraftFactory(author=editor, title="Commented draft")
    add_comment(Question.objects.get(title="Commented draft"), editor, "A note to myself.")
    html = editor_client.get(CHANGELIST).content.decode()
    nav = re.search(r'<nav class="my-queues".*?</nav>', html, re.S).group(0)
    assert 'href="/admin/questions/question/?queue=comments"' in nav
    assert "Open comments on my questions" in nav


def test_the_header_counts_take_one_query_whatever_the_number_of_queues(
    superuser, client, django_assert_max_num_queries
):
    client.force_login(superuser)
    response = client.get("/admin/password_change/")
    with django_assert_max_num_queries(1):
        pairs = list(response.context["my_queues"])
    assert {queue.key for queue, _count in pairs} == {
        "returned", "review", "comments", "reports", "reverify", "struggling"
    }  # fmt: skip


def test_staff_without_a_role_have_no_queues(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    response = client.get("/admin/")
    assert list(response.context["my_queues"]) == []
    assert 'class="my-queues"' not in response.content.decode()


def test_an_unknown_queue_leaves_the_changelist_whole(editor_client):
    DraftFactory()
    QuestionFactory()
    assert _changelist_count(editor_client, "nonsense") == 2


def test_a_queue_name_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        queues.register(
            queues.Queue("review", "x", "y", lambda user: True, lambda questions, user: questions)
        )
