import re

import pytest

from questions.models import Category, Question
from tests.factories import QuestionFactory, SourceFactory, StaffFactory, TagFactory, category
from tests.scale import at_scale

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"


def _populate(n):
    sources = [SourceFactory(), SourceFactory()]
    tags = [TagFactory(), TagFactory(), TagFactory()]
    authors = [StaffFactory(), StaffFactory()]
    for i in range(n):
        QuestionFactory(
            category=category(["concept", "challenges", "evaluation", "coding"][i % 4]),
            source=sources[i % 2],
            source_position=i,
            author=authors[i % 2],
            tags=tags[: i % 3 + 1],
            status=list(Question.Status)[i % 4],
        )


def _populate_in_bulk(n):
    """n questions with authors, sources and tags, inserted in bulk (no
    rendering or revisions: this is about the list's queries)."""
    sources = [SourceFactory(), SourceFactory()]
    tags = [TagFactory(), TagFactory(), TagFactory()]
    authors = [StaffFactory(), StaffFactory()]
    categories = list(Category.objects.all())
    questions = Question.objects.bulk_create(
        Question(
            title=f"Bulk question {i}", slug=f"bulk-{i}", answer="x", category=categories[i % 4],
            source=sources[i % 2], source_position=i, author=authors[i % 2], status=list(Question.Status)[i % 4],
        )
        for i in range(n)
    )  # fmt: skip
    Through = Question.tags.through
    Through.objects.bulk_create(
        Through(question_id=q.pk, tag_id=tag.pk) for i, q in enumerate(questions) for tag in tags[: i % 3 + 1]
    )


@pytest.mark.parametrize("n", [5, at_scale(50)])
def test_changelist_runs_a_constant_number_of_queries(admin_client, django_assert_max_num_queries, n):
    _populate_in_bulk(n)
    # 11, and one for the counts of the person's queues in the header.
    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == n
    shown = response.context["cl"].result_list
    assert len(shown) == min(n, 50)
    assert all(q.tags.all() for q in shown)  # every row has tags to show


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "review"}, lambda q: q.status == "review"),
        ({"category__id__exact": "CODING"}, lambda q: q.category.slug == "coding"),
        ({"difficulty__exact": "medium"}, lambda q: q.difficulty == "medium"),
    ],
)
def test_changelist_filters(admin_client, params, expected):
    _populate(8)
    params = {k: (category("coding").pk if v == "CODING" else v) for k, v in params.items()}
    shown = list(admin_client.get(CHANGELIST, params).context["cl"].result_list)
    assert shown
    assert all(expected(q) for q in shown)
    assert len(shown) == sum(1 for q in Question.objects.all() if expected(q))


def test_changelist_filters_by_tag_author_and_source(admin_client):
    _populate(6)
    tag = Question.objects.last().tags.first()
    question = Question.objects.first()
    for params, check in [
        ({"tags__id__exact": tag.pk}, lambda q: tag in q.tags.all()),
        ({"author__id__exact": question.author_id}, lambda q: q.author_id == question.author_id),
        ({"source__id__exact": question.source_id}, lambda q: q.source_id == question.source_id),
    ]:
        shown = list(admin_client.get(CHANGELIST, params).context["cl"].result_list)
        assert shown
        assert all(check(q) for q in shown)


def test_changelist_searches_titles_and_answers(admin_client):
    QuestionFactory(title="About attention", answer="nothing")
    QuestionFactory(title="Other", answer="The softmax of attention scores")
    QuestionFactory(title="Unrelated", answer="nothing")
    shown = admin_client.get(CHANGELIST, {"q": "attention"}).context["cl"].result_list
    assert sorted(q.title for q in shown) == ["About attention", "Other"]


def test_changelist_sorts_by_column(admin_client):
    QuestionFactory(title="B question")
    QuestionFactory(title="A question")
    # Column 1 is the title.
    shown = admin_client.get(CHANGELIST, {"o": "1"}).context["cl"].result_list
    assert [q.title for q in shown] == ["A question", "B question"]


def test_changelist_offers_the_bulk_inputs_beside_the_action_menu(admin_client):
    QuestionFactory()
    html = admin_client.get(CHANGELIST).content.decode()
    for name in ("category", "difficulty", "tag"):
        assert f'name="{name}"' in html
    for action in ("set_category", "set_difficulty", "add_tag", "remove_tag", "transition_publish"):
        assert f'value="{action}"' in html


def test_change_page_links_to_the_public_page_and_preview(admin_client):
    question = QuestionFactory()
    html = admin_client.get(f"/admin/questions/question/{question.pk}/change/").content.decode()
    assert "/admin/r/" in html  # Django's "view on site" redirect
    assert f"/admin/questions/question/{question.pk}/preview/" in html
    assert 'class="markdownx"' in html


def test_admin_styles_code_for_the_admins_own_dark_theme(admin_client):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/admin-pygments.css")).read_text(encoding="utf-8")
    assert 'html[data-theme="dark"] .highlight' in css
    assert "prefers-color-scheme: dark" in css


def test_the_tag_column_is_headed_tags(admin_client):
    QuestionFactory(tags=[TagFactory(name="attention")])
    html = admin_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    header = re.search(r'class="column-tag_list">(.*?)</th>', html, re.S)[1]
    assert re.search(r"<span>\s*Tags\s*</span>", header, re.I)
