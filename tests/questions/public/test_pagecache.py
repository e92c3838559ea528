"""Cached public pages: every public change shows on the next request, with
the local memory cache and with Redis (a real redis-server, tests/redis_server.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from questions.editorial.workflow import apply_transition
from questions.models import Category, ContentVersion, Question, Tag
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """Each test below runs once per cache backend."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        # As production has it: this process's memory in front of Redis.
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
            "pages_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache, caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield cache
    for alias in settings.CACHES:
        caches[alias].clear()


def _html(client, url, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def _is_served_from_cache(client, url, django_assert_num_queries) -> bool:
    with django_assert_num_queries(1):  # the content version, nothing else
        return client.get(url).status_code == 200


def test_a_second_anonymous_visit_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    question = QuestionFactory(tags=[TagFactory(name="gpu")])
    for url in ["/", "/c/concept/", question.get_absolute_url(), "/tags/", "/tags/gpu/", "/search/?q=number"]:
        client.get(url)
        assert _is_served_from_cache(client, url, django_assert_num_queries)


def test_publishing_shows_on_the_next_request(client, page_cache, superuser):
    draft = DraftFactory(title="Fresh question", status=Question.Status.REVIEW, tags=[TagFactory()])
    assert "Fresh question" not in _html(client, "/")
    assert "Fresh question" not in _html(client, "/c/concept/")
    apply_transition(draft.pk, "publish", superuser)
    assert "Fresh question" in _html(client, "/")
    assert "Fresh question" in _html(client, "/c/concept/")
    assert "Fresh question" in _html(client, "/search/")
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_shows_on_the_next_request(client, page_cache, superuser):
    question = QuestionFactory(title="Soon gone")
    assert "Soon gone" in _html(client, "/")
    assert client.get(question.get_absolute_url()).status_code == 200
    apply_transition(question.pk, "unpublish", superuser)
    assert "Soon gone" not in _html(client, "/")
    assert client.get(question.get_absolute_url()).status_code == 404


def test_an_edit_of_live_text_shows_on_the_next_request(client, page_cache):
    question = QuestionFactory(answer="The old answer.")
    assert "The old answer." in _html(client, question.get_absolute_url())
    question.answer = "The new answer."
    question.save()
    html = _html(client, question.get_absolute_url())
    assert "The new answer." in html
    assert "The old answer." not in html


def test_an_update_past_save_shows_on_the_next_request(client, page_cache):
    question = QuestionFactory(title="Before update")
    assert "Before update" in _html(client, "/")
    Question.objects.filter(pk=question.pk).update(title="After update")
    assert "After update" in _html(client, "/")


def test_a_bulk_import_shows_on_the_next_request(client, page_cache):
    assert "Imported in bulk" not in _html(client, "/")
    tag = TagFactory(name="bulk")
    question = Question(
        title="Imported in bulk",
        slug="imported-in-bulk",
        category=category("coding"),
        answer="A.",
        status=Question.Status.PUBLISHED,
    )
    Question.objects.bulk_import([(question, [tag.pk])])
    assert "Imported in bulk" in _html(client, "/")
    assert "Imported in bulk" in _html(client, "/tags/bulk/")


def test_a_tag_rename_shows_on_the_next_request(client, page_cache):
    tag = TagFactory(name="old-name")
    question = QuestionFactory(tags=[tag])
    assert "#old-name" in _html(client, question.get_absolute_url())
    assert ">old-name<" in _html(client, "/tags/")
    tag.name = "new-name"
    tag.save()
    assert "#new-name" in _html(client, question.get_absolute_url())
    assert ">new-name<" in _html(client, "/tags/")


def test_retagging_shows_on_the_next_request(client, page_cache):
    question = QuestionFactory()
    TagFactory(name="unused")
    assert ">unused<" not in _html(client, "/tags/")
    question.tags.add(Tag.objects.get(name="unused"))
    assert ">unused<" in _html(client, "/tags/")
    question.tags.clear()
    assert client.get("/tags/unused/").status_code == 404


def test_a_category_change_shows_on_the_next_request(client, page_cache):
    QuestionFactory()
    assert "Newly described" not in _html(client, "/")
    Category.objects.filter(slug="concept").update(description="Newly described")
    assert "Newly described" in _html(client, "/")


def test_a_source_change_shows_on_the_next_request(client, page_cache):
    source = SourceFactory(title="Old title")
    question = QuestionFactory(source=source, source_position=1)
    assert "Old title" in _html(client, question.get_absolute_url())
    source.title = "New title"
    source.save()
    assert "New title" in _html(client, question.get_absolute_url())


def test_drafts_and_their_edits_never_move_the_version(page_cache):
    before = ContentVersion.current()[0]
    draft = DraftFactory(tags=[TagFactory()])
    draft.answer = "Edited draft."
    draft.save()
    draft.tags.add(TagFactory())
    assert ContentVersion.current()[0] == before


def test_a_draft_never_enters_the_cache(client, editor_client, page_cache, django_assert_num_queries):
    QuestionFactory(title="Public one")
    DraftFactory(title="Secret draft")
    assert "Secret draft" in _html(editor_client, "/")
    assert "Secret draft" in _html(editor_client, "/c/concept/")
    for url in ["/", "/c/concept/"]:
        html = _html(client, url)
        assert "Public one" in html
        assert "Secret draft" not in html
        assert _is_served_from_cache(client, url, django_assert_num_queries)


def test_an_editor_never_gets_the_cached_anonymous_page(client, editor_client, page_cache):
    QuestionFactory(title="Public one")
    DraftFactory(title="Secret draft")
    assert "Secret draft" not in _html(client, "/c/concept/")
    response = editor_client.get("/c/concept/")
    assert "Secret draft" in response.content.decode()
    assert "badge-draft" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_revisit_with_the_etag_gets_304_until_content_changes(client, page_cache):
    question = QuestionFactory()
    first = client.get(question.get_absolute_url())
    assert "public" in first["Cache-Control"]
    assert "must-revalidate" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]
    etag = first["ETag"]
    again = client.get(question.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    since = client.get(question.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304
    QuestionFactory()  # any public change
    after = client.get(question.get_absolute_url(), headers={"if-none-match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_each_language_gets_its_own_cached_page(client, page_cache):
    QuestionFactory()
    assert "概念" in _html(client, "/", accept_language="zh-hans")
    html = _html(client, "/", accept_language="en")
    assert "Concept" in html
    assert "概念" not in html
    client.cookies["django_language"] = "zh-hans"
    assert "概念" in _html(client, "/", accept_language="en")


def test_shared_pages_carry_no_csrf_token_and_set_no_cookie(client, page_cache):
    response = client.get("/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_the_language_switch_works_without_a_token(page_cache):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Concept" in _html(client, "/")


def test_kept_counts_agree_with_a_recount(superuser):
    tags = [TagFactory(), TagFactory(), TagFactory()]
    questions = [QuestionFactory(category=category("coding"), tags=tags[: i % 3 + 1]) for i in range(6)]
    drafts = [DraftFactory(tags=tags) for _ in range(2)]
    apply_transition(questions[0].pk, "unpublish", superuser)
    questions[1].category = category("concept")
    questions[1].save()
    questions[2].tags.remove(tags[0])
    questions[3].delete()
    Question.objects.filter(pk=drafts[0].pk).update(status=Question.Status.PUBLISHED)
    Question.objects.filter(pk=drafts[1].pk).delete()
    Tag.objects.filter(pk=tags[2].pk).delete()
    kept = _counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT qbank_recount_published()")
    assert _counts() == kept
    assert kept[0]["coding"] == Question.objects.published().filter(category__slug="coding").count()


def test_saving_a_tag_loaded_before_a_publication_keeps_the_count():
    tag = TagFactory(name="stale")
    QuestionFactory(tags=[tag])
    tag.name = "renamed"
    tag.save()  # this instance still holds published_count 0
    tag.refresh_from_db()
    assert tag.published_count == 1


def _counts():
    return (
        dict(Category.objects.values_list("slug", "published_count")),
        dict(Tag.objects.values_list("name", "published_count")),
    )


def test_a_category_download_version_moves_only_with_its_questions():
    coding = category("coding")
    before = coding.published_version
    QuestionFactory(category=category("concept"))
    DraftFactory(category=coding)
    coding.refresh_from_db()
    assert coding.published_version == before
    QuestionFactory(category=coding)
    coding.refresh_from_db()
    assert coding.published_version > before


def test_a_page_using_a_csrf_token_is_never_shared(rf, page_cache):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from questions.public.pagecache import public_page

    @public_page
    def with_a_form(request):
        return HttpResponse(f"token {get_token(request)}")

    first, second = rf.get("/form/"), rf.get("/form/")
    for request in (first, second):
        request.user = AnonymousUser()
    assert with_a_form(first).content != with_a_form(second).content


def test_a_visitor_with_a_message_gets_a_page_of_their_own(client, page_cache):
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    QuestionFactory()
    shared = client.get("/")
    storage = CookieStorage(client.get("/").wsgi_request)
    response = HttpResponse()
    storage._store([Message(20, "Signed out")], response)
    client.cookies["messages"] = response.cookies["messages"].value
    own = client.get("/")
    assert "private" in own["Cache-Control"]
    assert "ETag" not in own
    assert "public" in shared["Cache-Control"]


def test_a_pending_edit_never_enters_the_cache_and_its_approval_shows_at_once(
    client, page_cache, editor, publisher
):
    from questions.editorial.pending import approve, save_pending
    from questions.models import PendingRevision

    live = QuestionFactory(answer="The live answer.")
    assert "The live answer." in _html(client, live.get_absolute_url())
    before = ContentVersion.current()[0]
    values = {name: getattr(live, name) for name in PendingRevision.CONTENT_FIELDS}
    save_pending(
        live.pk,
        editor,
        {**values, "answer": "The pending answer."},
        [],
        version=0,
        base_version=live.version,
        reason="clearer",
    )
    assert ContentVersion.current()[0] == before
    html = _html(client, live.get_absolute_url())
    assert "The live answer." in html
    assert "The pending answer." not in html
    approve(live.pk, publisher, reason="checked", expected_version=1)
    assert "The pending answer." in _html(client, live.get_absolute_url())


def test_a_visitor_without_cookies_gets_the_shared_page_for_one_query(
    client, page_cache, django_assert_num_queries
):
    QuestionFactory()
    client.get("/")
    with django_assert_num_queries(1):  # the content version: no session is loaded
        response = client.get("/")
    assert "public" in response["Cache-Control"]


def test_a_visitor_with_an_unknown_session_cookie_still_shares_the_public_page(client, page_cache):
    QuestionFactory()
    client.cookies["sessionid"] = "no-such-session"
    response = client.get("/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_with_redis_a_page_is_served_from_this_process_memory_first(
    client, redis_url, settings, django_assert_num_queries
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
        "pages_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t2"},
    }
    from django.core.cache import cache, caches

    caches["pages_local"].clear()
    question = QuestionFactory()
    client.get(question.get_absolute_url())
    cache.clear()  # Redis forgets; this process has its copy
    with django_assert_num_queries(1):  # the content version; no view
        assert client.get(question.get_absolute_url()).status_code == 200
    caches["pages_local"].clear()
    cache.clear()
