"""The question page's query is planned once per connection: run through
psycopg's server-binding cursor, it is prepared after `prepare_threshold`
runs, and Django still sees it as one of the page's queries."""

import pytest
from django.db import connection

from questions.models.prepared import server_binding_cursor
from questions.public.views import question_page
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_the_question_page_query_is_prepared_once_it_has_run_often_enough():
    question = QuestionFactory()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None  # DATABASE_PREPARED_STATEMENTS is on by default
    for _ in range(threshold + 1):
        assert question_page(question.slug, sees_unpublished=False).pk == question.pk
    assert any("FROM questions_question q" in statement for statement in _prepared_statements())


def test_a_prepared_question_page_query_still_counts_as_a_query(django_assert_num_queries):
    question = QuestionFactory()
    for _ in range(5):
        question_page(question.slug, sees_unpublished=False)
    with django_assert_num_queries(1):
        question_page(question.slug, sees_unpublished=False)


def test_the_slug_is_bound_as_a_parameter_never_spliced_into_the_statement():
    QuestionFactory(slug="plain")
    hostile = "plain' OR '1'='1"
    with pytest.raises(Exception, match="does not exist"):
        question_page(hostile, sees_unpublished=False)


def test_django_cursors_stay_client_bound_and_are_never_prepared():
    before = len(_prepared_statements())
    for _ in range(10):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::int + 1", [1])
    assert len(_prepared_statements()) == before


def test_with_prepared_statements_off_nothing_is_prepared(monkeypatch):
    question = QuestionFactory()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    for _ in range(5):
        with server_binding_cursor(connection) as cursor:
            cursor.execute("SELECT slug FROM questions_question WHERE slug = %s", [question.slug])
    assert not any("WHERE slug = $1" in statement for statement in _prepared_statements())
