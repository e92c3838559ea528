"""A reader's search runs under a statement time limit kept by Postgres:
whatever query a stranger writes, the search page, the print sheet and the
API stop it after SEARCH_STATEMENT_TIMEOUT_MS / API_STATEMENT_TIMEOUT_MS and
say so, instead of holding a worker."""

import time

import pytest
from django.db import DataError, connection, connections, transaction

from questions.models.prepared import server_binding_cursor
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


def test_a_statement_past_the_limit_is_cancelled():
    ran = []

    def two_statements():
        with statement_time_limit("default", 150):
            for step, seconds in enumerate((0.16, 0)):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(%s)", [seconds])
                ran.append(step)

    with pytest.raises(TooSlow):
        two_statements()
    assert ran == []  # the first was cancelled at 150 ms


def test_each_statement_gets_only_the_time_the_block_has_left():
    # Each statement stays under the limit; together they pass it: the
    # second is cancelled when the block's time runs out, not a whole limit later.
    ran = []

    def two_statements():
        with statement_time_limit("default", 300):
            for step in range(2):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(0.2)")
                ran.append(step)

    with pytest.raises(TooSlow):
        two_statements()
    assert ran == [0]  # the second, started at 200 ms, was cancelled at 300


@pytest.fixture
def autocommit():
    """ "default" as a request has it, outside any transaction: a second
    connection to the test database, beside the test's own transaction."""
    test_connection, fresh = connections["default"], connections.create_connection("default")
    connections["default"] = fresh
    yield fresh
    fresh.close()
    connections["default"] = test_connection


def test_a_statement_past_the_limit_is_cancelled_outside_a_transaction_too(autocommit):
    # As a request runs it (autocommit): the limit comes with the statement,
    # and neither it nor a failed transaction stays on the connection.
    with pytest.raises(TooSlow), statement_time_limit("default", 50), autocommit.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.2)")
    with statement_time_limit("default", 1000), autocommit.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')::interval BETWEEN '1ms' AND '1s', 42")
        assert cursor.fetchone() == (True, 42)
    with autocommit.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
    assert autocommit.get_autocommit()


def test_a_search_outside_a_transaction_is_stopped_and_leaves_no_limit_behind(
    client, slow_search, autocommit
):
    assert client.get("/search/", {"q": "attention"}).status_code == 503
    with autocommit.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_no_statement_is_sent_once_the_time_is_up(autocommit):
    # Refused before it reaches Postgres, on either kind of cursor: the one
    # the ORM uses, and the server-binding one, which cannot carry the limit.
    for open_cursor in (autocommit.cursor, lambda: server_binding_cursor(autocommit)):

        def late_statement(open_cursor=open_cursor):
            with statement_time_limit("default", 20):
                time.sleep(0.03)
                with open_cursor() as cursor:
                    cursor.execute("SELECT set_config('qbank.sent', 'yes', false)")

        with pytest.raises(TooSlow):
            late_statement()
        with autocommit.cursor() as cursor:
            cursor.execute("SELECT current_setting('qbank.sent', true)")
            assert cursor.fetchone()[0] in (None, "")


def test_an_atomic_block_inside_the_limit_rolls_back_as_usual(autocommit):
    # Its ROLLBACK TO SAVEPOINT runs in a failed transaction, as it is.
    with statement_time_limit("default", 1000), transaction.atomic(using="default"):
        with pytest.raises(DataError), transaction.atomic(using="default"), autocommit.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        with autocommit.cursor() as cursor:
            cursor.execute("SELECT 42")
            assert cursor.fetchone() == (42,)
