"""The question page's query, written once as SQL (questions/views.py), reads
what its queryset reads; it is prepared by psycopg itself (server-side
binding, `prepare_threshold` in DATABASES["OPTIONS"]), and not at all when
DATABASE_PREPARED_STATEMENTS is off (behind a pooler in transaction mode)."""

import pytest
from django.db import connection

from qbank.settings import prepared_statement_options
from questions.models import Question
from questions.views import _question_pages, question_page
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory

pytestmark = pytest.mark.django_db


def _loaded(question) -> dict:
    """Everything an instance carries: fields read, related rows, annotations."""
    fields = {k: v for k, v in vars(question).items() if k != "_state"}
    related = {
        name: (obj and {k: v for k, v in vars(obj).items() if k != "_state"})
        for name, obj in (("category", question.category), ("source", question.source))
    }
    return {"fields": fields, "related": related, "deferred": question.get_deferred_fields()}


def _article():
    source = SourceFactory(title="An article")
    tags = [TagFactory(name="zeta"), TagFactory(name="alpha")]
    first = QuestionFactory(title="First?", source=source, source_position=1)
    middle = QuestionFactory(title="Middle?", source=source, source_position=2, tags=tags)
    draft = DraftFactory(title="Draft between?", source=source, source_position=3)
    last = QuestionFactory(title="Last?", source=source, source_position=4)
    return first, middle, draft, last


@pytest.mark.parametrize("sees_unpublished", [False, True])
def test_the_question_page_query_reads_what_its_queryset_reads(sees_unpublished):
    first, middle, draft, last = _article()
    lonely = QuestionFactory(title="Alone?")
    shown = (first, middle, last, lonely) + ((draft,) if sees_unpublished else ())
    for question in shown:
        expected = _question_pages(sees_unpublished).get(slug=question.slug)
        assert _loaded(question_page(question.slug, sees_unpublished=sees_unpublished)) == _loaded(expected)
    found = question_page(middle.slug, sees_unpublished=sees_unpublished)
    assert [tag["name"] for tag in found.tag_list] == ["alpha", "zeta"]
    assert found.previous_link["slug"] == first.slug
    # The draft between them is not the public's neighbour.
    assert found.following_link["slug"] == (draft.slug if sees_unpublished else last.slug)
    assert found.category.slug == "concept"
    assert found.source.title == "An article"
    assert question_page(lonely.slug, sees_unpublished=sees_unpublished).source is None


def test_the_question_page_query_hides_what_its_queryset_hides():
    draft = DraftFactory()
    with pytest.raises(Question.DoesNotExist):
        question_page(draft.slug, sees_unpublished=False)
    with pytest.raises(Question.DoesNotExist):
        question_page("no-such-question", sees_unpublished=False)
    assert question_page(draft.slug, sees_unpublished=True).pk == draft.pk


def test_prepared_statements_are_psycopgs_and_can_be_turned_off(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    assert prepared_statement_options() == {"server_side_binding": True, "prepare_threshold": 5}
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    # psycopg prepares nothing then; parameters are still bound by the server.
    assert prepared_statement_options() == {"server_side_binding": True, "prepare_threshold": None}


def test_the_connection_binds_on_the_server_and_prepares_repeated_queries():
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
    with connection.cursor() as cursor:
        # psycopg's ClientCursor (Django's default) never prepares.
        assert not type(cursor.cursor).__name__.startswith("Client")


def _question_page_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%WHERE q.slug = $1%"],
        )
        return cursor.fetchone()[0]


def test_the_question_page_is_planned_once_per_session(client):
    # Different questions: the page cache does not answer, the SQL is the same.
    for question in QuestionFactory.create_batch(6):
        assert client.get(question.get_absolute_url()).status_code == 200
    assert _question_page_statements() >= 1


def test_slug_is_sent_as_a_parameter_never_spliced_into_the_sql():
    QuestionFactory(slug="plain")
    for hostile in ("plain' OR '1'='1", "plain'); DROP TABLE questions_question; --", "$1", "%s", "\\"):
        with pytest.raises(Question.DoesNotExist):
            question_page(hostile, sees_unpublished=False)
    assert Question.objects.filter(slug="plain").exists()
