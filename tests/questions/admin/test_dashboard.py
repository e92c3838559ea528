import pytest
from django.test import Client

from questions.editorial.workflow import apply_transition
from questions.models import Category, Question
from tests.factories import DraftFactory, QuestionFactory, StaffFactory
from tests.scale import at_scale

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def _sections(response):
    return {section.key: section for section in response.context.get("dashboard") or []}


def test_editor_sees_their_drafts_and_what_was_returned_to_them(
    editor, editor_client, other_editor, publisher
):
    mine = DraftFactory(title="My own draft", author=editor)
    DraftFactory(title="Someone else's draft", author=other_editor)
    returned = DraftFactory(title="Sent back to me", author=editor)
    apply_transition(returned.pk, "submit", editor, reason="ready for review")
    apply_transition(returned.pk, "send_back", publisher)
    never_reviewed = DraftFactory(title="Submitted by me, not reviewed", author=other_editor)
    never_reviewed.submitted_by = editor
    never_reviewed.save()

    response = editor_client.get(INDEX)
    sections = _sections(response)
    assert list(sections) == ["drafts", "returned", "comments", "reports", "struggling", "published"]
    assert {q.pk for q in sections["drafts"].questions} == {mine.pk, returned.pk}
    assert sections["drafts"].count == 2
    assert [q.pk for q in sections["returned"].questions] == [returned.pk]
    html = response.content.decode()
    assert "My drafts" in html
    assert "Returned to me" in html
    assert "Awaiting my review" not in html
    assert "Someone else&#x27;s draft" not in html
    assert f"/admin/questions/question/{returned.pk}/change/" in html


def test_publisher_sees_the_review_queue_but_not_their_own_submissions(
    publisher, publisher_client, superuser, editor
):
    by_editor = QuestionFactory(
        title="Submitted by an editor", status=Question.Status.REVIEW, submitted_by=editor
    )
    # Submitted while they were an editor: four eyes, someone else reviews it.
    QuestionFactory(title="Submitted by the publisher", status=Question.Status.REVIEW, submitted_by=publisher)
    sections = _sections(publisher_client.get(INDEX))
    assert list(sections) == ["review", "reports", "reverify", "struggling", "published"]
    assert [q.pk for q in sections["review"].questions] == [by_editor.pk]

    by_root = QuestionFactory(
        title="Submitted by root", status=Question.Status.REVIEW, submitted_by=superuser
    )
    root = Client()
    root.force_login(superuser)
    sections = _sections(root.get(INDEX))
    assert list(sections) == [
        "drafts", "returned", "review", "comments", "reports", "reverify", "struggling", "published"
    ]  # fmt: skip
    review = {q.pk for q in sections["review"].questions}
    assert by_editor.pk in review
    assert by_root.pk not in review  # not my own


def test_recently_published_lists_the_newest_publications_first(editor_client, superuser):
    older = QuestionFactory(title="Published first", status=Question.Status.REVIEW)
    newer = QuestionFactory(title="Published second", status=Question.Status.REVIEW)
    apply_transition(older.pk, "publish", superuser)
    apply_transition(newer.pk, "publish", superuser)
    DraftFactory(title="Still a draft")
    section = _sections(editor_client.get(INDEX))["published"]
    assert [q.pk for q in section.questions] == [newer.pk, older.pk]
    assert section.count == 2


def test_a_full_list_shows_its_total_and_links_to_all(editor, editor_client):
    for i in range(12):
        DraftFactory(title=f"Draft {i}", author=editor)
    response = editor_client.get(INDEX)
    drafts = _sections(response)["drafts"]
    assert drafts.count == 12
    assert len(drafts.questions) == 8
    assert f"status__exact=draft&amp;author__id__exact={editor.pk}" in response.content.decode()
    # The link leads to a changelist the editor may open, filtered as promised.
    shown = editor_client.get(drafts.more_url).context["cl"].result_count
    assert shown == 12


def test_staff_without_a_role_see_the_plain_index(staff_client):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    assert "dashboard" not in response.context
    assert "editorial-dashboard" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    DraftFactory()
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_titles_are_escaped(editor, editor_client):
    DraftFactory(title="<script>alert(1)</script>", author=editor)
    html = editor_client.get(INDEX).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_dashboard_reads_in_chinese(chinese_editor_client):
    html = chinese_editor_client.get(INDEX).content.decode()
    assert "我的草稿" in html


def _bank_in_bulk(n, editor, publisher):
    categories = list(Category.objects.all())
    statuses = list(Question.Status)
    Question.objects.bulk_create(
        Question(
            title=f"Bulk question {i}", slug=f"bulk-{i}", answer="x", category=categories[i % 4],
            status=statuses[i % 4], author=editor if i % 3 else publisher,
            submitted_by=editor if i % 2 else publisher, reviewed_by=publisher if i % 5 == 0 else None,
        )
        for i in range(n)
    )  # fmt: skip


@pytest.mark.parametrize("n", [10, at_scale(50)])
def test_dashboard_runs_a_constant_number_of_queries(django_assert_max_num_queries, editor, publisher, n):
    _bank_in_bulk(n, editor, publisher)
    root = StaffFactory(username="root", is_superuser=True)
    client = Client()
    client.force_login(root)
    root_questions = Question.objects.filter(author=editor)[:20]
    Question.objects.filter(pk__in=[q.pk for q in root_questions]).update(author=root)
    # Session and user, eight lists, the queues' counts in one query and up to
    # two others (drafts, published), the admin log.
    with django_assert_max_num_queries(14):
        response = client.get(INDEX)
    sections = _sections(response)
    assert list(sections) == [
        "drafts", "returned", "review", "comments", "reports", "reverify", "struggling", "published"
    ]  # fmt: skip
    assert (
        sections["review"].count
        == Question.objects.filter(status="review").exclude(submitted_by=root).count()
    )
    assert sections["published"].count == Question.objects.published().count()
