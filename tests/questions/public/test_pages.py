import re
from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from questions.models import Category, Question, Source
from tests.factories import (
    DraftFactory,
    QuestionFactory,
    SourceFactory,
    TagFactory,
    UserFactory,
    category,
    questions_in_bulk,
)
from tests.scale import at_scale

pytestmark = pytest.mark.django_db


def test_home_lists_questions_grouped_by_category_with_counts(client, seed):
    response = client.get("/")
    assert response.status_code == 200
    sections = {cat.slug: (cat.question_count, qs) for cat, qs in response.context["sections"]}
    assert list(sections) == ["concept", "challenges", "evaluation", "coding"]
    assert sections["coding"][0] == 2
    assert [q.source_position for q in sections["coding"][1]] == [4, 5]
    html = response.content.decode()
    for title in ("什么是大模型？", "如何实现一个简单的Transformer模型？"):
        assert title in html


def test_home_shows_chinese_category_names_by_default(client, seed):
    html = client.get("/").content.decode()
    for name in ("概念", "挑战", "评估", "编程"):
        assert name in html


def test_english_is_selectable(client, seed):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Concept" in html
    assert "Coding" in html
    html = client.get(Question.objects.get(source_position=1).get_absolute_url()).content.decode()
    assert "<summary>Answer</summary>" in html


def test_category_page_lists_its_questions_only(client, seed):
    response = client.get(reverse("questions:category", args=["coding"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "如何实现一个简单的Transformer模型？" in html
    assert "什么是大模型？" not in html


def test_unknown_category_is_404(client, db):
    assert client.get("/c/nope/").status_code == 404


def test_question_page_hides_answer_and_explanation_behind_details(client, seed):
    question = Question.objects.get(source_position=4)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>如何实现一个简单的Transformer模型？</h1>" in html
    assert '<details class="reveal reveal-answer">' in html
    assert '<details class="reveal reveal-explanation">' in html
    assert '<span class="kn">import</span>' in html
    assert "css/pygments-light.css" in html
    assert "css/pygments-dark.css" in html
    assert "js/copy-code.js" in html
    assert "TypeError" in html  # the editor's note, behind its own reveal


def _details_tags(html):
    # The page's own reveals, after the header (whose phone menu is a <details> too).
    return re.findall(r"<details[^>]*>", html.split("<main", 1)[1])


def test_editors_note_is_a_closed_reveal_after_the_answer(client):
    question = QuestionFactory(
        answer="The answer text.", explanation="Why.", editor_note="The answer above has a `TypeError`."
    )
    html = client.get(question.get_absolute_url()).content.decode()
    tags = _details_tags(html)
    assert tags == [
        '<details class="reveal reveal-answer">',
        '<details class="reveal reveal-explanation">',
        '<details class="reveal reveal-editor-note">',
    ]  # all closed: no `open`
    assert html.index("reveal-answer") < html.index("The answer text.") < html.index("reveal-editor-note")
    note = html[html.index("reveal-editor-note") :]
    assert "<summary>编者按</summary>" in note
    assert "TypeError" in note
    assert "TypeError" not in html[: html.index("reveal-editor-note")]


def test_a_question_without_an_editors_note_has_no_empty_reveal(client):
    html = client.get(QuestionFactory(editor_note="").get_absolute_url()).content.decode()
    assert "reveal-editor-note" not in html


def test_source_page_keeps_editors_notes_behind_their_reveal(client):
    source = SourceFactory()
    QuestionFactory(source=source, source_position=1, answer="Answer.", editor_note="Note with a fix.")
    html = client.get(source.get_absolute_url()).content.decode()
    assert '<details class="reveal reveal-editor-note">' in html
    assert html.index("reveal-answer") < html.index("reveal-editor-note") < html.index("Note with a fix.")


def test_question_page_offers_to_practise_its_category(client):
    question = QuestionFactory(category=category("coding"))
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'href="/practice/?category=coding"' in html


def test_a_visitor_sees_the_question_as_new_to_them_without_a_form_of_their_own(client):
    question = QuestionFactory()
    response = client.get(question.get_absolute_url(), headers={"accept-language": "en"})
    assert response.context["practice_state"]["is_new"]
    html = response.content.decode()
    assert "New to you" in html
    assert reverse("practice:bookmark", args=[question.pk]) not in html
    assert "csrfmiddlewaretoken" not in html


def test_a_signed_in_candidate_can_bookmark_from_the_question_page(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    html = client.get(question.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "New to you" in html
    assert reverse("practice:bookmark", args=[question.pk]) in html


def test_a_draft_has_no_practice_state(editor_client):
    draft = DraftFactory()
    assert editor_client.get(draft.get_absolute_url()).context["practice_state"] is None


@pytest.mark.parametrize(
    ("state", "shown", "hidden"),
    [
        ({"is_new": True, "due": None, "bookmarked": False}, ["New to you"], ["Due on", "Bookmarked"]),
        (
            {"is_new": False, "due": datetime(2026, 12, 24, 9, tzinfo=UTC), "bookmarked": True},
            ["Due on Dec. 24, 2026", "Bookmarked"],
            ["New to you"],
        ),
    ],
)
def test_practice_state_include_renders_what_it_is_given(english, state, shown, hidden):
    html = render_to_string("includes/practice_state.html", {"practice_state": state})
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_question_page_links_its_neighbours_in_the_article(client, seed):
    html = client.get(Question.objects.get(source_position=2).get_absolute_url()).content.decode()
    assert 'rel="prev"' in html
    assert "什么是大模型？" in html
    assert 'rel="next"' in html
    assert "如何评估一个创业公司的大模型项目？" in html


def test_source_page_shows_the_article_in_order(client, seed):
    source = Question.objects.get(source_position=1).source
    html = client.get(source.get_absolute_url()).content.decode()
    positions = [html.index(q.title) for q in Question.objects.order_by("source_position")]
    assert positions == sorted(positions)
    assert "在近年来" in html


def test_draft_is_hidden_from_anonymous(client):
    draft = DraftFactory(title="Secret draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/").content.decode()
    assert "Secret draft" not in client.get(draft.category.get_absolute_url()).content.decode()


def test_draft_is_shown_to_editors_marked_as_draft(editor_client):
    draft = DraftFactory(title="Secret draft")
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "notice-draft" in response.content.decode()
    assert "Secret draft" in editor_client.get("/").content.decode()


def test_draft_is_hidden_from_staff_without_a_role(staff_client):
    draft = DraftFactory(title="Secret draft")
    assert staff_client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in staff_client.get("/").content.decode()


@pytest.mark.parametrize("status", [Question.Status.REVIEW, Question.Status.ARCHIVED])
def test_questions_in_review_or_archived_are_hidden_from_the_public(client, status):
    question = QuestionFactory(title="Not public", status=status)
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "Not public" not in client.get("/").content.decode()
    assert "Not public" not in client.get(question.category.get_absolute_url()).content.decode()


def test_draft_is_not_counted_for_anonymous(client):
    QuestionFactory(category=category("coding"))
    DraftFactory(category=category("coding"))
    response = client.get("/")
    counts = {cat.slug: cat.question_count for cat, _ in response.context["sections"]}
    assert counts["coding"] == 1


def _populate(n):
    source = SourceFactory()
    tags = [TagFactory(), TagFactory()]
    categories = [category(slug) for slug in ("concept", "challenges", "evaluation", "coding")]
    questions_in_bulk(
        {
            "category": categories[i % 4],
            "source": source if i % 2 else None,
            "source_position": i if i % 2 else None,
            "tags": tags,
        }
        for i in range(n)
    )
    DraftFactory()


@pytest.mark.parametrize("n", [4, at_scale(60)])
def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    _populate(n)
    # The content version, the categories with their kept counts, the first
    # questions' ids, those questions with their tags, the tag cloud.
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("n", [4, at_scale(60)])
def test_category_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    _populate(n)
    # The content version, the category, its page of questions with their tags.
    with django_assert_max_num_queries(3):
        assert client.get("/c/concept/").status_code == 200


@pytest.mark.parametrize("n", [4, at_scale(60)])
def test_question_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    _populate(n)
    question = Question.objects.published().exclude(source=None).last()
    # The content version; the question with its category, source, tags and
    # two neighbours in one query.
    with django_assert_max_num_queries(2):
        assert client.get(question.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n", [4, at_scale(60)])
def test_question_page_for_a_signed_in_candidate_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n
):
    _populate(n)
    question = Question.objects.published().exclude(source=None).last()
    QuestionFactory(category=question.category, editor_note="A note.")
    client.force_login(UserFactory())
    # The session, the user, the question, the candidate's practice state and
    # the content version the question's text is kept under (read on every
    # request in the suite; held per process in production: test_question_fragments.py):
    # no permissions are read for someone who is not staff (the page offers
    # editors an "Edit in admin" link).
    with django_assert_max_num_queries(5):
        assert client.get(question.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n", [4, at_scale(60)])
def test_editor_pages_run_a_constant_number_of_queries(editor_client, django_assert_max_num_queries, n):
    _populate(n)
    question = Question.objects.exclude(source=None).last()
    # Four more than the public: session, user, user and group permissions.
    with django_assert_max_num_queries(10):
        assert editor_client.get("/").status_code == 200
    with django_assert_max_num_queries(7):  # and the editor's own practice state
        assert editor_client.get(question.get_absolute_url()).status_code == 200


def test_home_shows_at_most_ten_questions_per_category_and_links_to_the_rest(client):
    for _ in range(12):
        QuestionFactory(category=category("coding"))
    response = client.get("/")
    sections = {cat.slug: (cat.question_count, qs) for cat, qs in response.context["sections"]}
    assert sections["coding"][0] == 12
    assert len(sections["coding"][1]) == 10


def test_category_page_paginates(client):
    for _ in range(31):
        QuestionFactory(category=category("evaluation"))
    first = client.get("/c/evaluation/")
    assert len(first.context["page"].object_list) == 30
    assert len(client.get("/c/evaluation/?page=2").context["page"].object_list) == 1
    assert client.get("/c/evaluation/?page=abc").status_code == 200


def test_home_follows_the_editors_category_ordering(client):
    Category.objects.filter(slug="coding").update(ordering=0)
    Category.objects.filter(slug="concept").update(ordering=9)
    slugs = [cat.slug for cat, _ in client.get("/").context["sections"]]
    assert slugs == ["coding", "challenges", "evaluation", "concept"]


def test_source_page_is_hidden_until_one_of_its_questions_is_published(client, editor_client):
    source = SourceFactory(intro="Not yet reviewed")
    draft = DraftFactory(source=source, source_position=1)
    assert client.get(source.get_absolute_url()).status_code == 404
    assert editor_client.get(source.get_absolute_url()).status_code == 200
    Question.objects.filter(pk=draft.pk).update(status=Question.Status.PUBLISHED)
    assert "Not yet reviewed" in client.get(source.get_absolute_url()).content.decode()


def test_source_link_is_shown_only_for_http_urls(client):
    source = SourceFactory(url="https://example.com/article")
    QuestionFactory(source=source, source_position=1)
    assert 'href="https://example.com/article"' in client.get(source.get_absolute_url()).content.decode()
    Source.objects.filter(pk=source.pk).update(url="javascript:alert(1)")
    assert "javascript:" not in client.get(source.get_absolute_url()).content.decode()


def test_first_questions_per_category_agree_with_the_window_fallback():
    _populate(50)
    questions = Question.objects.published()
    category_ids = list(Category.objects.values_list("pk", flat=True))
    by_union = list(questions.first_per_category(3, category_ids).values_list("pk", flat=True))
    by_window = list(questions.first_per_category_by_window(3).values_list("pk", flat=True))
    assert len(by_union) == 12
    assert by_union == by_window


def test_question_pager_skips_neighbours_the_reader_may_not_see(client, editor_client):
    source = SourceFactory()
    first = QuestionFactory(source=source, source_position=1, title="First in the article")
    DraftFactory(source=source, source_position=2, title="A draft in between")
    middle = QuestionFactory(source=source, source_position=3)
    last = QuestionFactory(source=source, source_position=4, title="Last in the article")
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    assert "A draft in between" not in html
    # An editor reads the article as it stands, draft included.
    assert "A draft in between" in editor_client.get(middle.get_absolute_url()).content.decode()


def test_question_without_an_article_has_no_pager(client):
    html = client.get(QuestionFactory(source=None).get_absolute_url()).content.decode()
    assert 'rel="prev"' not in html
    assert 'rel="next"' not in html


def test_list_badges_link_each_tag_in_name_order_and_escape_names(client):
    tags = [TagFactory(name="zeta"), TagFactory(name="<b>alpha</b>"), TagFactory(name="大模型")]
    question = QuestionFactory(category=category("coding"), tags=tags)
    for url in ("/c/coding/", "/", f"/tags/{tags[0].slug}/", question.get_absolute_url()):
        html = client.get(url).content.decode()
        links = re.findall(r'<a class="badge badge-tag" href="([^"]+)">#([^<]*(?:<[^a][^<]*)*)</a>', html)
        assert [href for href, _name in links] == [
            reverse("questions:tag", args=[tag.slug]) for tag in sorted(tags, key=lambda t: t.name)
        ], url
        assert "#&lt;b&gt;alpha&lt;/b&gt;" in html
        assert "<b>alpha</b>" not in html


def test_list_shows_status_badges_to_editors_only(client, editor_client):
    DraftFactory(category=category("coding"), title="Draft on the list")
    assert "badge-draft" in editor_client.get("/c/coding/").content.decode()
    html = client.get("/c/coding/").content.decode()
    assert "Draft on the list" not in html
    assert "badge-draft" not in html


def test_long_article_is_read_in_pages_intro_first_conclusion_last(client):
    source = SourceFactory(intro="The **intro**.", conclusion="The *conclusion*.")
    for position in range(1, 26):
        QuestionFactory(source=source, source_position=position, title=f"Part {position:02}")
    first = client.get(source.get_absolute_url()).content.decode()
    assert "<strong>intro</strong>" in first
    assert "<em>conclusion</em>" not in first
    assert "Part 20" in first
    assert "Part 21" not in first
    assert 'rel="next" href="?page=2"' in first
    last = client.get(source.get_absolute_url() + "?page=2").content.decode()
    assert "<strong>intro</strong>" not in last
    assert "<em>conclusion</em>" in last
    assert 'start="21"' in last
    assert "Part 21" in last
    assert "Part 25" in last
    assert "Part 20" not in last


@pytest.mark.parametrize("n", [3, at_scale(40)])
def test_source_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    source = SourceFactory()
    tag = TagFactory(name="t")
    questions_in_bulk(
        {"source": source, "source_position": position, "tags": [tag]} for position in range(1, n + 1)
    )
    # The content version, the source, the count, the page of questions with their tags.
    with django_assert_max_num_queries(4):
        assert client.get(source.get_absolute_url()).status_code == 200


def test_deep_category_pages_read_keys_first_and_keep_the_order(
    client, monkeypatch, django_assert_max_num_queries
):
    from questions.public.browse import KeysFirst

    monkeypatch.setattr(KeysFirst, "ONE_QUERY_UP_TO", 0)
    source = SourceFactory()
    for position in range(1, 36):
        QuestionFactory(
            source=source, source_position=position, title=f"Item {position:02}", tags=[TagFactory(name="t")]
        )
    html = client.get("/c/concept/?page=2").content.decode()
    assert [int(n) for n in re.findall(r">Item (\d\d)</a>", html)] == list(range(31, 36))
    assert 'start="31"' in html
    # The content version, the category, the page's keys, its rows with their tags.
    with django_assert_max_num_queries(4):
        client.get("/c/concept/?page=2&again")


def test_key_points_are_a_closed_checklist_after_the_answer(client):
    question = QuestionFactory(
        answer="The answer text.", key_points="! <b>Attention</b> | self-attention\nOrder"
    )
    html = client.get(question.get_absolute_url()).content.decode()
    assert _details_tags(html)[:2] == [
        '<details class="reveal reveal-answer">',
        '<details class="reveal reveal-key-points">',
    ]
    checklist = html[html.index("reveal-key-points") :]
    assert "<summary>要点</summary>" in checklist
    assert "&lt;b&gt;Attention&lt;/b&gt;" in checklist
    assert 'class="badge badge-essential"' in checklist
    assert "self-attention" not in html  # the phrasings are the checker's, not a second answer


def test_a_question_without_key_points_has_no_empty_checklist(client):
    html = client.get(QuestionFactory(key_points="").get_absolute_url()).content.decode()
    assert "reveal-key-points" not in html


def test_an_edit_of_the_key_points_reaches_the_cached_question_page(client):
    question = QuestionFactory(key_points="! Old point")
    assert "Old point" in client.get(question.get_absolute_url()).content.decode()
    question.key_points = "! New point"
    question.save()
    html = client.get(question.get_absolute_url()).content.decode()
    assert "New point" in html
    assert "Old point" not in html


@pytest.mark.usefixtures("english")
def test_the_edit_in_admin_link_is_offered_to_editors_only(client, editor_client, staff_client):
    question = QuestionFactory()
    assert "Edit in admin" in editor_client.get(question.get_absolute_url()).content.decode()
    assert "Edit in admin" not in staff_client.get(question.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "Edit in admin" not in client.get(question.get_absolute_url()).content.decode()
