"""The question page's lookup, compiled once and run as a prepared statement
(qbank/prepared.py), gives what the ORM would, on every connection."""

import itertools

import pytest
from django.db import connection

from qbank.prepared import PreparedLookup
from questions.models import Question
from questions.public.views import _question_pages
from tests.browser import live_database
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory

pytestmark = pytest.mark.django_db


_made = itertools.count()


def _lookup(name="test_lookup", sees_unpublished=False):
    """A lookup of its own: names are unique in a process."""
    return PreparedLookup(f"{name}_{next(_made)}", lambda: _question_pages(sees_unpublished), "slug")


def _statements(name) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [name])
        return cursor.fetchone()[0]


def _loaded(question) -> dict:
    """Everything an instance carries: fields read, related rows, annotations."""
    fields = {k: v for k, v in vars(question).items() if k != "_state"}
    cached = question._state.fields_cache
    related = {
        name: (obj and {k: v for k, v in vars(obj).items() if k != "_state"}) for name, obj in cached.items()
    }
    return {"fields": fields, "related": related, "deferred": question.get_deferred_fields()}


def _article():
    source = SourceFactory(title="An article")
    tags = [TagFactory(name="zeta"), TagFactory(name="alpha")]
    first = QuestionFactory(title="First?", source=source, source_position=1)
    middle = QuestionFactory(title="Middle?", source=source, source_position=2, tags=tags)
    DraftFactory(title="Draft between?", source=source, source_position=3)
    last = QuestionFactory(title="Last?", source=source, source_position=4)
    return first, middle, last


@pytest.mark.parametrize("prepared", [True, False])
def test_lookup_builds_the_question_the_orm_builds(settings, prepared):
    settings.DATABASE_PREPARED_STATEMENTS = prepared
    first, middle, last = _article()
    lonely = QuestionFactory(title="Alone?")
    lookup = _lookup(f"test_same_{prepared}")
    for question in (first, middle, last, lonely):
        expected = _question_pages(False).get(slug=question.slug)
        assert _loaded(lookup.get(question.slug)) == _loaded(expected)
    found = lookup.get(middle.slug)
    assert [tag["name"] for tag in found.tag_list] == ["alpha", "zeta"]
    assert found.previous_link["slug"] == first.slug
    # The draft between them is not the public's neighbour.
    assert found.following_link["slug"] == last.slug
    assert found.category.slug == "concept"
    assert found.source.title == "An article"


def test_lookup_hides_what_its_queryset_hides():
    draft = DraftFactory()
    with pytest.raises(Question.DoesNotExist):
        _lookup().get(draft.slug)
    with pytest.raises(Question.DoesNotExist):
        _lookup().get("no-such-question")
    assert _lookup("test_editors", sees_unpublished=True).get(draft.slug).pk == draft.pk


def test_lookup_is_prepared_once_per_connection_and_then_costs_one_query(django_assert_num_queries):
    questions = QuestionFactory.create_batch(3)
    lookup = _lookup("test_once")
    lookup.get(questions[0].slug)
    for question in questions:
        with django_assert_num_queries(1):
            assert lookup.get(question.slug).pk == question.pk
    assert _statements(lookup.statement) == 1


def test_value_is_sent_as_a_parameter_never_spliced_into_the_sql():
    QuestionFactory(slug="plain")
    for hostile in ("plain' OR '1'='1", "plain'); DROP TABLE questions_question; --", "$1", "%s", "\\"):
        with pytest.raises(Question.DoesNotExist):
            _lookup("test_hostile").get(hostile)
    assert Question.objects.filter(slug="plain").exists()


# Outside a test's transaction, as a server is: the connection closes and
# statements vanish between requests (browser.py explains the marker).
@live_database
def test_lookup_prepares_again_on_a_new_connection_or_when_the_server_forgot_it(builtin_categories):
    question = QuestionFactory()
    lookup = _lookup("test_sessions")
    assert lookup.get(question.slug).pk == question.pk
    connection.close()
    assert lookup.get(question.slug).pk == question.pk
    assert _statements(lookup.statement) == 1
    # A pooler's DISCARD ALL, or a DEALLOCATE, drops the session's statements.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert lookup.get(question.slug).pk == question.pk
    assert _statements(lookup.statement) == 1


def test_lookup_names_are_unique_in_a_process():
    lookup = _lookup()
    with pytest.raises(ValueError, match="exists already"):
        PreparedLookup(lookup.statement.removeprefix("qbank_"), lambda: _question_pages(False), "slug")


def test_public_question_page_runs_its_prepared_statement(client):
    question = QuestionFactory()
    assert client.get(question.get_absolute_url()).status_code == 200
    assert _statements("qbank_question_page_public") == 1
