"""A reader's search runs under a statement time limit kept by Postgres:
whatever query a stranger writes, the search page, the print sheet and the
API stop it after SEARCH_STATEMENT_TIMEOUT_MS / API_STATEMENT_TIMEOUT_MS and
say so, instead of holding a worker."""

import pytest
from django.db import connection

from questions.public import browse
from questions.public.statement_limit import TooSlow, statement_time_limit
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def slow_search(monkeypatch, settings):
    """A search whose statement takes 200 ms, under limits of 50 ms."""
    settings.SEARCH_STATEMENT_TIMEOUT_MS = 50
    settings.API_STATEMENT_TIMEOUT_MS = 50
    real_find = browse.find

    def find(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        return real_find(*args, **kwargs)

    monkeypatch.setattr(browse, "find", find)


def test_a_search_past_the_limit_is_stopped_and_the_page_says_so(client, slow_search):
    QuestionFactory(title="Attention heads")
    response = client.get("/search/", {"q": "attention"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "This search took too long and was stopped." in page
    assert 'name="q"' in page  # the form stays, to narrow the search down


def test_a_stopped_search_is_not_kept_by_the_page_cache(client, slow_search, monkeypatch, settings):
    QuestionFactory(title="Attention heads")
    assert client.get("/search/", {"q": "attention"}).status_code == 503
    settings.SEARCH_STATEMENT_TIMEOUT_MS = 2000
    assert client.get("/search/", {"q": "attention"}).status_code == 200


def test_the_print_sheet_and_the_api_are_stopped_too(client, slow_search):
    assert client.get("/print/", {"q": "attention"}).status_code == 503
    assert client.get("/api/v1/search", {"q": "attention"}).status_code == 503


def test_the_limit_ends_with_the_search(client):
    QuestionFactory(title="Attention heads")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    assert client.get("/search/", {"q": "attention"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


def test_no_statement_starts_once_the_limit_has_passed():
    # Each statement stays under the limit; together they pass it: the
    # third is refused before it reaches Postgres.
    ran = []

    def three_statements():
        with statement_time_limit("default", 150):
            for step in range(3):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(0.1)")
                ran.append(step)

    with pytest.raises(TooSlow):
        three_statements()
    assert ran == [0, 1]
