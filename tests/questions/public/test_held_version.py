"""The content version held per process (CONTENT_VERSION_HOLD_SECONDS): a
published change shows on the first request after the hold, and a held
version costs no query."""

import pytest

from questions.public import held_version
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.CONTENT_VERSION_HOLD_SECONDS = 2
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    fake = Clock()
    monkeypatch.setattr(held_version.time, "monotonic", fake)
    held_version.forget()
    yield fake
    held_version.forget()


def test_a_publication_shows_once_the_hold_is_over(client, clock):
    QuestionFactory(title="Old question")
    assert "Fresh question" not in client.get("/").content.decode()
    QuestionFactory(title="Fresh question")
    clock.now += 1.9
    assert "Fresh question" not in client.get("/").content.decode()
    clock.now += 0.2
    assert "Fresh question" in client.get("/").content.decode()


def test_a_held_version_serves_a_cached_page_and_a_304_without_a_query(
    client, clock, django_assert_num_queries
):
    question = QuestionFactory()
    etag = client.get(question.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        assert client.get(question.get_absolute_url()).status_code == 200
        assert client.get(question.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304


def test_a_revisit_gets_the_new_page_once_the_hold_is_over(client, clock):
    question = QuestionFactory()
    etag = client.get(question.get_absolute_url())["ETag"]
    QuestionFactory()
    assert client.get(question.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    clock.now += 2
    assert client.get(question.get_absolute_url(), headers={"if-none-match": etag}).status_code == 200


def test_no_hold_reads_the_version_on_every_request(client, clock, settings, django_assert_num_queries):
    settings.CONTENT_VERSION_HOLD_SECONDS = 0
    client.get("/")
    for _ in range(2):
        with django_assert_num_queries(1):
            client.get("/")
