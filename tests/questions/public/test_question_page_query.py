"""The question page's query, written once as SQL (questions/public/views.py), reads
what its queryset reads, with the slug always a parameter."""

import pytest

from questions.models import Question
from questions.public.views import _question_pages, question_page
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


def test_slug_is_sent_as_a_parameter_never_spliced_into_the_sql():
    QuestionFactory(slug="plain")
    for hostile in ("plain' OR '1'='1", "plain'); DROP TABLE questions_question; --", "$1", "%s", "\\"):
        with pytest.raises(Question.DoesNotExist):
            question_page(hostile, sees_unpublished=False)
    assert Question.objects.filter(slug="plain").exists()
