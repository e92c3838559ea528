"""A page served from the cache carries the very headers it was built with
(they are no longer patched in, but given to it whole), and the conditional
requests that skip no header are still answered as Django answers them."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import QuestionFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SHARED = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type", "Content-Language")


@pytest.fixture
def pages():
    cache.clear()
    question = QuestionFactory(tags=[TagFactory(name="gpu")])
    sitemap = reverse("questions:sitemap-section", kwargs={"section": "questions"})
    yield [question.get_absolute_url(), "/tags/gpu/", "/", f"{sitemap}?p=1"]
    cache.clear()


@pytest.mark.parametrize("cdn_max_age", [0, 600])
def test_a_page_from_the_cache_has_the_headers_it_was_built_with(
    client, settings, pages, cdn_max_age, django_assert_num_queries
):
    settings.CDN_MAX_AGE = cdn_max_age
    for url in pages:
        built = client.get(url)
        with django_assert_num_queries(1):  # the content version: served from the cache
            cached = client.get(url)
        assert cached.status_code == built.status_code == 200
        assert {name: cached.get(name) for name in SHARED} == {name: built.get(name) for name in SHARED}
        assert cached.content == built.content
        assert ("s-maxage=600" in cached["Cache-Control"]) == bool(cdn_max_age)


def test_a_request_with_no_condition_gets_the_page_and_a_failed_condition_412(client, pages):
    url = pages[0]
    first = client.get(url)
    assert client.get(url).status_code == 200
    assert client.get(url, headers={"if-match": '"another"'}).status_code == 412
    assert (
        client.get(url, headers={"if-unmodified-since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 412
    )
    assert client.get(url, headers={"if-match": first["ETag"]}).status_code == 200
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
