import pytest
from django.urls import reverse

from questions.models import Question
from questions.public import browse
from questions.search.query import ParsedQuery
from tests.factories import (
    DraftFactory,
    QuestionFactory,
    SourceFactory,
    TagFactory,
    category,
    questions_in_bulk,
)
from tests.scale import at_scale

pytestmark = pytest.mark.django_db

SEARCH = reverse("questions:search")


def titles(response):
    return [item.question.title for item in response.context["results"].items]


@pytest.mark.parametrize("path", ["/", "/c/coding/", "/tags/", SEARCH])
def test_every_page_has_a_search_box(client, seed, path):
    TagFactory(name="x").questions.add(Question.objects.first())
    html = client.get(path).content.decode()
    assert f'action="{SEARCH}" method="get" role="search"' in html


def test_results_show_category_difficulty_tags_and_a_highlighted_snippet(client, seed):
    question = Question.objects.get(source_position=5)
    question.tags.add(TagFactory(name="训练技巧"))
    response = client.get(SEARCH, {"q": "训练"})
    assert response.status_code == 200
    assert titles(response)[0] == "如何优化大模型的训练过程？"
    html = response.content.decode()
    assert "如何优化大模型的<mark>训练</mark>过程？" in html
    assert "可以从以下几个方面进行" not in html  # the answer: no spoilers in results
    assert 'class="badge badge-category" href="/c/coding/">编程</a>' in html
    assert "badge-medium" in html
    assert "#训练技巧" in html
    assert "2 条结果" in html or "2 results" in html


def test_snippets_highlight_stems_and_escape_html(client):
    QuestionFactory(title="Plain", body="**Transformers** use <script>attention</script> when x < y & z.")
    html = client.get(SEARCH, {"q": "transformer"}).content.decode()
    assert "<mark>Transformers</mark> use attention when x &lt; y &amp; z." in html
    assert "<script>" not in html


def test_snippets_come_from_the_prompt_never_the_answer_or_explanation(client):
    QuestionFactory(
        title="Attention heads",
        body="How many attention heads does the encoder use?",
        answer="Eight attention heads, the secret answer.",
        explanation="Attention explained, also a secret.",
    )
    QuestionFactory(title="Only the answer", body="", answer="attention is all you need")
    response = client.get(SEARCH, {"q": "attention"})
    assert len(response.context["results"].items) == 2
    html = response.content.decode()
    assert "How many <mark>attention</mark> heads does the encoder use?" in html
    assert "secret" not in html
    assert "all you need" not in html


def test_snippets_keep_identifiers_and_code_intact(client):
    QuestionFactory(
        title="Python objects",
        body="What does `__init__` do, and how does __call__ differ? Pass `**kwargs` to `List<int>`.",
    )
    html = client.get(SEARCH, {"q": "objects"}).content.decode()
    assert "What does __init__ do, and how does __call__ differ? Pass **kwargs to List&lt;int&gt;." in html


def test_drafts_never_appear_in_results_counts_or_snippets_for_the_public(client, seed):
    DraftFactory(title="草稿：大模型的秘密", answer="秘密答案")
    response = client.get(SEARCH, {"q": "大模型"})
    assert "草稿" not in response.content.decode()
    assert response.context["results"].count == 4
    assert client.get(SEARCH, {"q": "秘密"}).context["results"].count == 0
    assert "草稿" not in client.get(SEARCH).content.decode()


def test_editors_find_drafts_marked_as_drafts(editor_client, seed):
    DraftFactory(title="草稿：大模型的秘密")
    html = editor_client.get(SEARCH, {"q": "秘密"}).content.decode()
    assert "草稿：大模型的<mark>秘密</mark>" in html
    assert "badge-draft" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 5000,
        "模" * 300,
        "&",
        "|",
        "!",
        ":",
        "*",
        "(",
        ")",
        "'",
        "& | ! : * ( ) '",
        '"',
        '"unbalanced',
        "“中文引号",
        "-",
        "--",
        "or",
        "a or or b",
        "'; DROP TABLE questions_question; --",
        "\\",
        "%",
        "_",
        "<script>alert(1)</script>",
        "😀",
        "\u200b",
        "模型:*",
        "!模型",
    ],
)
def test_odd_queries_return_a_normal_page(client, seed, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200


def test_nul_bytes_and_bad_filters_return_a_normal_page(client, seed):
    assert client.get(SEARCH + "?q=%00模型").status_code == 400  # refused at the door
    response = client.get(
        SEARCH, {"q": "模型", "category": "nope", "tag": "missing", "sort": "x", "page": "zz"}
    )
    assert response.status_code == 200
    assert response.context["results"].count == 5


def test_an_over_long_query_is_cut_and_says_so(client, seed):
    response = client.get(SEARCH, {"q": "模型" + " x" * 200})
    assert response.context["results"].shortened
    assert len(response.context["results"].query.text) == 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "coding"}, ["b-coding-hard", "a-coding-easy"]),
        ({"difficulty": "hard"}, ["c-concept-hard", "b-coding-hard"]),
        ({"tag": ["gpu"]}, ["c-concept-hard", "b-coding-hard", "a-coding-easy"]),
        ({"tag": ["gpu", "rag"]}, ["c-concept-hard", "a-coding-easy"]),
        ({"source": "article"}, ["b-coding-hard"]),
        ({"category": "coding", "tag": ["rag"]}, ["a-coding-easy"]),
        ({"q": "向量", "difficulty": "hard"}, ["c-concept-hard"]),
        ({"q": "向量", "sort": "title"}, ["a-coding-easy", "c-concept-hard"]),
        ({"sort": "title"}, ["a-coding-easy", "b-coding-hard", "c-concept-hard"]),
    ],
)
def test_filters_and_sorting_on_the_results_page(client, params, expected):
    gpu, rag = TagFactory(name="GPU", slug="gpu"), TagFactory(name="RAG", slug="rag")
    source = SourceFactory(title="Article", slug="article")
    QuestionFactory(
        title="a-coding-easy", category=category("coding"), difficulty="easy", answer="向量", tags=[gpu, rag]
    )
    QuestionFactory(
        title="b-coding-hard", category=category("coding"), difficulty="hard", source=source, tags=[gpu]
    )
    QuestionFactory(
        title="c-concept-hard",
        category=category("concept"),
        difficulty="hard",
        answer="向量",
        tags=[gpu, rag],
    )
    DraftFactory(
        title="d-draft", category=category("coding"), difficulty="hard", answer="向量", tags=[gpu, rag]
    )
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert titles(response) == expected


def test_selected_tags_can_be_removed_and_pages_keep_the_query(client, monkeypatch):
    monkeypatch.setattr(browse, "RESULTS_PER_PAGE", 2)
    gpu, rag = TagFactory(name="GPU", slug="gpu"), TagFactory(name="RAG", slug="rag")
    for i in range(3):
        QuestionFactory(title=f"模型 {i}", tags=[gpu, rag])
    response = client.get(SEARCH, {"q": "模型", "tag": ["gpu", "rag"]})
    html = response.content.decode()
    assert 'href="?q=%E6%A8%A1%E5%9E%8B&amp;tag=rag"' in html  # remove GPU
    assert 'href="?q=%E6%A8%A1%E5%9E%8B&amp;tag=gpu&amp;tag=rag&amp;page=2"' in html


def test_broad_queries_are_capped(client, monkeypatch):
    monkeypatch.setattr(browse, "RESULTS_CAP", 3)
    for i in range(5):
        QuestionFactory(title=f"模型 {i}")
    results = client.get(SEARCH, {"q": "模型"}).context["results"]
    assert results.more_than_cap
    assert results.count == 3
    assert len(results.items) == 3
    assert not client.get(SEARCH, {"q": "模型 1"}).context["results"].more_than_cap
    browse_all = client.get(SEARCH)
    assert browse_all.context["results"].more_than_cap
    assert (
        "超过 3 道" in browse_all.content.decode() or "More than 3 questions" in browse_all.content.decode()
    )


def _populate(n):
    tag = TagFactory(name="共同")
    source = SourceFactory()
    categories = [category("concept"), category("coding")]
    questions_in_bulk(
        {
            "title": f"大模型问题 {i}",
            "category": categories[i % 2],
            "answer": "大模型的答案。" * 20,
            "source": source,
            "source_position": i,
            "tags": [tag, TagFactory()],
        }
        for i in range(n)
    )
    DraftFactory(title="大模型草稿")


@pytest.mark.parametrize(("n", "per_page"), [(4, 2), at_scale(40, 30)])
@pytest.mark.parametrize(
    "params", [{"q": "大模型"}, {"q": "大模型", "sort": "newest"}, {"category": "coding"}, {}]
)
def test_results_and_list_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, monkeypatch, n, per_page, params
):
    monkeypatch.setattr(browse, "RESULTS_PER_PAGE", per_page)
    _populate(n)
    # A ranked search: the title matches, then the documents to rank.
    # Plus one: the content version (pagecache); and, in a test's transaction,
    # the search's time limit: a savepoint, reading it, putting it back, the
    # release (in production none: each statement carries it).
    with django_assert_max_num_queries(11):
        response = client.get(SEARCH, params)
    assert len(response.context["results"].items) == min(n if "category" not in params else n // 2, per_page)


@pytest.mark.parametrize("n", [4, at_scale(40)])
def test_tag_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    _populate(n)
    with django_assert_max_num_queries(4):
        assert client.get("/tags/共同/").status_code == 200
    with django_assert_max_num_queries(2):  # the content version, the tags
        assert client.get("/tags/").status_code == 200


def test_tag_page_lists_published_questions_with_the_tag(client):
    tag = TagFactory(name="分布式", slug="分布式")
    QuestionFactory(title="公开的问题", tags=[tag])
    QuestionFactory(title="别的问题")
    DraftFactory(title="草稿问题", tags=[tag])
    response = client.get(tag.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "公开的问题" in html
    assert "别的问题" not in html
    assert "草稿问题" not in html
    assert response.context["page"].paginator.count == 1


def test_a_tag_only_drafts_carry_is_not_public(client, editor):
    tag = TagFactory(name="secret")
    DraftFactory(tags=[tag])
    assert client.get(tag.get_absolute_url()).status_code == 404
    assert client.get("/tags/nope/").status_code == 404
    client.force_login(editor)
    assert client.get(tag.get_absolute_url()).status_code == 200


def test_home_shows_a_tag_cloud_counting_published_questions_only(client):
    popular, rare, hidden = TagFactory(name="popular"), TagFactory(name="rare"), TagFactory(name="hidden")
    for _ in range(3):
        QuestionFactory(tags=[popular])
    QuestionFactory(tags=[rare])
    DraftFactory(tags=[popular, hidden])
    response = client.get("/")
    tags = {tag.name: (tag.question_count, tag.weight) for tag in response.context["tags"]}
    assert tags == {"popular": (3, 5), "rare": (1, 1)}
    html = response.content.decode()
    assert 'href="/tags/popular/"' in html
    assert 'href="/tags/"' in html


def test_tag_list_page_counts_published_questions(client):
    tag = TagFactory(name="GPU")
    QuestionFactory(tags=[tag])
    DraftFactory(tags=[tag])
    response = client.get("/tags/")
    assert [(t.name, t.question_count) for t in response.context["tags"]] == [("GPU", 1)]


def test_admin_tag_list_shows_question_counts_and_autocompletes(admin_client):
    tag = TagFactory(name="attention")
    QuestionFactory(tags=[tag])
    DraftFactory(tags=[tag])
    response = admin_client.get("/admin/questions/tag/")
    assert response.status_code == 200
    assert '<td class="field-question_count">2</td>' in response.content.decode()
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "atten", "app_label": "questions", "model_name": "question", "field_name": "tags"},
    )
    assert response.json()["results"] == [{"id": str(tag.pk), "text": "attention"}]


def test_results_are_ranked_with_title_matches_first(client):
    QuestionFactory(title="其他问题", answer="这里提到了注意力机制。")
    QuestionFactory(title="什么是注意力机制？", answer="见下文。")
    QuestionFactory(title="另一个问题", body="注意力", answer="见下文。")
    response = client.get(SEARCH, {"q": "注意力"})
    assert titles(response) == ["什么是注意力机制？", "另一个问题", "其他问题"]


def test_the_sort_menu_shows_the_order_in_use(client, seed):
    assert '<option value="relevance" selected>' in client.get(SEARCH, {"q": "模型"}).content.decode()
    assert '<option value="newest" selected>' in client.get(SEARCH).content.decode()
    assert '<option value="title" selected>' in client.get(SEARCH, {"sort": "title"}).content.decode()


def test_hundreds_of_tag_parameters_are_folded_and_capped(client, django_assert_max_num_queries):
    tags = [TagFactory(name=f"t{i}") for i in range(12)]
    QuestionFactory(title="Carries all", tags=tags)
    QuestionFactory(title="Carries one", tags=tags[:1])
    many = [tags[0].slug] * 500 + [t.slug for t in tags]
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"tag": many}, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert titles(response) == ["Carries all"]
    assert "At most 10 tags can be combined; 2 more were left out." in response.content.decode()


def test_an_unknown_tag_is_left_out_without_voiding_the_others(client):
    gpu = TagFactory(name="gpu")
    QuestionFactory(title="On GPUs", tags=[gpu])
    QuestionFactory(title="Untagged")
    response = client.get(SEARCH, {"tag": ["gpu", "gone-since"]})
    assert titles(response) == ["On GPUs"]


@pytest.mark.parametrize("path", ["/tags/%00/", "/tags/x%00y/", "/q/%00/", "/sources/a%00/"])
def test_a_nul_in_a_slug_is_404_not_500(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_in_the_query_is_a_bad_request_not_fatal(client, seed):
    # Refused at the door (qbank/nul_characters.py), like a NUL in any request.
    assert client.get(SEARCH, {"q": "\x00模型"}).status_code == 400


@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
def test_a_search_request_parses_and_translates_its_query_once(client, seed, monkeypatch, sort):
    parses, translations = [], []
    real_parse, real_build = browse.parse_query, ParsedQuery._build_tsquery
    monkeypatch.setattr(browse, "parse_query", lambda text: parses.append(text) or real_parse(text))

    def build(query, *, positive_only):
        translations.append(positive_only)
        return real_build(query, positive_only=positive_only)

    monkeypatch.setattr(ParsedQuery, "_build_tsquery", build)
    response = client.get(SEARCH, {"q": "大模型 训练 -gpu", "sort": sort})
    assert response.context["results"].count > 0
    assert parses == ["大模型 训练 -gpu"]
    # Matching and ranking share one tsquery; highlighting asks for the positive one.
    assert sorted(translations) == [False, True]


def test_matches_mostly_outside_titles_are_capped_sooner(client, monkeypatch):
    monkeypatch.setattr(browse, "OTHER_MATCHES_CAP", 2)
    QuestionFactory(title="向量检索 入门")
    for i in range(4):
        QuestionFactory(title=f"问题 {i}", answer="向量检索。")
    response = client.get(SEARCH, {"q": "向量检索"}, headers={"accept-language": "en"})
    results = response.context["results"]
    assert (results.count, results.more_than_cap, len(results.items)) == (3, True, 3)
    assert "More than 3 results" in response.content.decode()
    # Fewer other matches than their cap: every one is counted.
    monkeypatch.setattr(browse, "OTHER_MATCHES_CAP", 4)
    results = client.get(SEARCH, {"q": "向量检索"}).context["results"]
    assert (results.count, results.more_than_cap) == (5, False)
