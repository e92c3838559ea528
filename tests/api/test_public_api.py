"""The public API: the site's questions, filters and results, drafts and
pending text hidden, cached and revalidated like the pages, bounded."""

import json

import pytest
from django.urls import reverse

from questions.editorial.pending import save_pending
from questions.models import PendingRevision, Question
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUESTIONS = "/api/v1/questions"
SECRET = "pendingsecretword"


def _json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


def _slugs(data) -> list[str]:
    return [item["slug"] for item in data["results"]]


def _page_slugs(client, params) -> list[str]:
    response = client.get(reverse("questions:search"), params)
    assert response.status_code == 200
    return [result.question.slug for result in response.context["results"].items]


@pytest.fixture
def bank():
    gpu, cuda = TagFactory(name="gpu"), TagFactory(name="cuda")
    source = SourceFactory(title="An article")
    QuestionFactory(title="Transformer attention", difficulty="easy", tags=[gpu], source=source)
    QuestionFactory(title="Transformer training on GPU", difficulty="hard", tags=[gpu, cuda])
    QuestionFactory(title="Sorting an array", category=category("coding"), body="Transformer in the prompt")
    QuestionFactory(title="Gradient descent", difficulty="medium", tags=[cuda])
    DraftFactory(title="Transformer draft", tags=[gpu])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "transformer"},
        {"q": "transformer", "sort": "title"},
        {"q": "transformer", "category": "concept"},
        {"tag": ["gpu", "cuda"]},
        {"tag": "gpu", "difficulty": "hard"},
        {"sort": "title"},
        {"source": "an-article"},
    ],
)
def test_the_list_and_search_give_the_search_pages_results(client, bank, params):
    assert _slugs(_json(client, QUESTIONS, **params)) == _page_slugs(client, params)


def test_drafts_never_appear(client, bank):
    draft = Question.objects.get(title="Transformer draft")
    assert "transformer-draft" not in json.dumps(_json(client, QUESTIONS, q="transformer"))
    assert draft.slug not in _slugs(_json(client, QUESTIONS, tag="gpu"))
    assert client.get(f"{QUESTIONS}/{draft.pk}").status_code == 404
    assert client.get(f"{QUESTIONS}/by-slug/{draft.slug}").status_code == 404


def test_pending_revision_text_never_appears(client, editor):
    live = QuestionFactory(title="Live title", answer="The live answer.")
    values = {name: getattr(live, name) for name in PendingRevision.CONTENT_FIELDS}
    values["answer"] = f"The fixed answer {SECRET}."
    save_pending(live.pk, editor, values, [], version=0, base_version=live.version, reason="typo")
    assert PendingRevision.objects.filter(question=live).exists()
    detail = client.get(f"{QUESTIONS}/{live.pk}").content.decode()
    assert "The live answer." in detail
    assert SECRET not in detail
    assert _slugs(_json(client, QUESTIONS, q=SECRET)) == []


def test_a_question_by_id_and_by_slug_with_markdown_and_html(client):
    question = QuestionFactory(
        title="什么是注意力", answer="The **answer**.", key_points="! attention | 注意力", tags=[TagFactory()]
    )
    by_id = _json(client, f"{QUESTIONS}/{question.pk}")
    assert by_id == _json(client, f"{QUESTIONS}/by-slug/{question.slug}")
    assert by_id["answer"] == {"markdown": "The **answer**.", "html": question.answer_html}
    assert "<strong>answer</strong>" in by_id["answer"]["html"]
    assert by_id["key_points"]["points"] == [
        {"statement": "attention", "phrasings": ["注意力"], "essential": True}
    ]
    assert by_id["url"].endswith(question.get_absolute_url())


def test_a_coding_question_gives_its_solutions_by_language(client):
    solutions = "Two pointers.\n\n```python\nprint(1)\n```\n\n```cpp\nint main() {}\n```"
    question = QuestionFactory(solutions=solutions)
    detail = _json(client, f"{QUESTIONS}/{question.pk}")["solutions"]
    assert detail["markdown"] == solutions
    assert detail["html"] == question.solutions_html
    assert [(item["language"], item["name"], item["code"]) for item in detail["items"]] == [
        ("python", "Python", "print(1)"),
        ("cpp", "C++", "int main() {}"),
    ]
    assert detail["items"][0]["note"] == "Two pointers."


def test_categories_tags_and_sources(client, bank):
    categories = {c["slug"]: c["question_count"] for c in _json(client, "/api/v1/categories")["results"]}
    assert categories["concept"] == 3
    assert categories["coding"] == 1
    tags = _json(client, "/api/v1/tags")["results"]
    assert [(t["name"], t["question_count"]) for t in tags] == [("cuda", 2), ("gpu", 2)]
    assert [s["title"] for s in _json(client, "/api/v1/sources")["results"]] == ["An article"]


def test_an_unchanged_bank_answers_304_with_the_etag(client, bank, django_assert_num_queries, superuser):
    first = client.get(QUESTIONS)
    etag = first["ETag"]
    with django_assert_num_queries(1):  # the content version, nothing else
        again = client.get(QUESTIONS, headers={"if-none-match": etag})
    assert again.status_code == 304
    QuestionFactory(title="Something new")
    changed = client.get(QUESTIONS, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Something new" in changed.content.decode()


def test_the_etag_is_the_page_caches_for_the_content_version(client, bank):
    page_etag = client.get("/")["ETag"]
    api_etag = client.get(QUESTIONS)["ETag"]
    # version-language-address: the same version and language as the page.
    assert api_etag.split("-")[:2] == page_etag.split("-")[:2]


def test_pages_have_bounded_sizes_and_links(client, settings):
    settings.SITE_URL = "https://qbank.example"
    for n in range(5):
        QuestionFactory(title=f"Question {n}")
    data = _json(client, QUESTIONS, page_size=2, page=2)
    assert data["page"]["count"] == 5
    assert data["page"]["pages"] == 3
    assert len(data["results"]) == 2
    assert data["page"]["next"] == "https://qbank.example/api/v1/questions?page_size=2&page=3"
    assert data["page"]["previous"] == "https://qbank.example/api/v1/questions?page_size=2&page=1"
    assert client.get(QUESTIONS, {"page_size": 101}).status_code == 422
    assert client.get(QUESTIONS, {"page": 0}).status_code == 422
    assert client.get(QUESTIONS, {"q": "x" * 201}).status_code == 422


def test_unknown_filters_are_refused_not_ignored(client, bank):
    assert client.get(QUESTIONS, {"category": "nope"}).status_code == 422
    assert client.get(QUESTIONS, {"tag": "nope"}).status_code == 422
    assert client.get(QUESTIONS, {"difficulty": "nope"}).status_code == 422


def test_only_get_and_head_are_answered(client, bank):
    assert client.head(QUESTIONS).status_code == 200
    for method in (client.post, client.put, client.delete, client.patch):
        assert method(QUESTIONS).status_code == 405
    assert client.post("/api/v1/openapi.json").status_code == 405


@pytest.fixture(params=["locmem", "redis"])
def counting_cache(request, settings):
    """The limit is counted in the default cache: each process's memory, or
    Redis shared by every app server."""
    if request.param == "redis":
        location = request.getfixturevalue("redis_url")
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_requests_past_the_limit_get_429(client, settings, counting_cache):
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/api/v1/categories").status_code == 200
    refused = client.get("/api/v1/categories")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address is not held back.
    assert client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_list_and_detail_run_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    questions = [QuestionFactory(tags=[TagFactory(), TagFactory()]) for _ in range(6)]
    # version, categories, tags, sources (the form), then as the search page:
    # the title matches, the ranked window, its rows; and here the time
    # limit's savepoint, reading it, putting it back and the release (the
    # test's transaction around it; in production each statement carries it)
    with django_assert_max_num_queries(11):
        assert client.get(QUESTIONS, {"q": "number"}).status_code == 200
    # without a query: a count and the page
    with django_assert_max_num_queries(9):
        assert client.get(QUESTIONS).status_code == 200
    # version, the question; the time limit's savepoint, reading it, putting it back, the release
    with django_assert_max_num_queries(6):
        assert client.get(f"{QUESTIONS}/{questions[0].pk}").status_code == 200


def test_the_openapi_schema_and_docs_page_are_served(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/questions" in schema["paths"]
    assert "post" not in schema["paths"]["/api/v1/questions"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/api/v1/me/cards" in docs.content.decode()


def test_a_request_that_takes_too_long_is_cut_off_with_503(client, settings, monkeypatch):
    from django.db import connection

    from questions.public import browse

    settings.API_STATEMENT_TIMEOUT_MS = 100

    def slow_find(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")

    monkeypatch.setattr(browse, "find", slow_find)
    response = client.get(QUESTIONS)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert client.get("/api/v1/categories").status_code == 200  # the connection is usable again


def test_the_docs_page_and_token_section_are_in_chinese_too(db):
    from django.test import Client

    from tests.factories import UserFactory

    chinese = Client(headers={"accept-language": "zh-hans"})
    docs = chinese.get("/api/v1/docs").content.decode()
    assert "接口" in docs
    assert "所有分类及各自已发布题目的数量。" in docs
    chinese.force_login(UserFactory())
    assert "API 令牌" in chinese.get("/accounts/").content.decode()
