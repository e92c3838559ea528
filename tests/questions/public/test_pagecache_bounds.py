"""The page cache stays bounded in bytes: a page above
PAGE_CACHE_MAX_ENTRY_BYTES, or one asked for with a query parameter its
view does not read, is served (and marked shared) but never stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def _queries_of_a_second_visit(client, url) -> int:
    first = client.get(url)
    assert first.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert "public" in second["Cache-Control"]
    assert second["ETag"]
    return len(queries)


def test_a_page_within_the_byte_cap_is_stored(client, page_cache):
    QuestionFactory()
    assert _queries_of_a_second_visit(client, "/print/?category=concept") == 1  # the content version


def test_a_page_above_the_byte_cap_is_served_shared_but_not_stored(client, page_cache, settings):
    QuestionFactory()
    settings.PAGE_CACHE_MAX_ENTRY_BYTES = 1000
    assert _queries_of_a_second_visit(client, "/print/?category=concept") > 1
    assert _queries_of_a_second_visit(client, "/") > 1


@pytest.mark.parametrize(
    "url",
    [
        "/print/?category=concept&junk=1",
        "/search/?q=attention&junk=1",
        "/c/concept/?page=1&utm_source=x",
        "/tags/?junk=0",
        "/?junk=0",
    ],
)
def test_a_page_asked_with_an_unknown_parameter_is_served_but_not_stored(client, page_cache, url):
    QuestionFactory(title="Attention please")
    assert _queries_of_a_second_visit(client, url) > 1


@pytest.mark.parametrize(
    "url",
    [
        "/print/?q=attention&category=concept&difficulty=&tag=gpu&source=&sort=title",
        "/search/?q=attention&category=concept&tag=gpu&page=1&all_tags=1",
        "/c/concept/?page=1",
    ],
)
def test_a_page_asked_with_only_the_parameters_its_view_reads_is_stored(client, page_cache, url):
    QuestionFactory(title="Attention please")
    assert _queries_of_a_second_visit(client, url) == 1
