"""Each public page runs the same number of queries with 10 questions as
with 50 (cold: nothing cached; an N+1 shows at 50), and the counts it shows
are right."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Question, Source, Tag
from tests.factories import category

pytestmark = pytest.mark.django_db

# A text search's own queries are tests/test_search_pages.py's business (its
# ranking reads titles first, then documents when titles are not enough).
PAGES = [
    "/",
    "/c/concept/",
    "/tags/",
    "/tags/common/",
    "/search/",
    "/search/?category=coding",
    "/sitemap.xml",
]


def _bank(size: int) -> Question:
    """`size` published questions in four categories, all tagged, half from one article."""
    source = Source.objects.create(title="Scale article", slug="scale-article")
    tag = Tag.objects.create(name="common", slug="common")
    categories = [category(slug) for slug in ("concept", "challenges", "evaluation", "coding")]
    Question.objects.bulk_create(
        Question(
            title=f"Question number {i}",
            slug=f"scale-{i}",
            category=categories[i % 4],
            answer="An answer.",
            answer_html="<p>An answer.</p>",
            status=Question.Status.PUBLISHED,
            source=source if i % 2 else None,
            source_position=i if i % 2 else None,
        )
        for i in range(size)
    )
    through = Question.tags.through
    through.objects.bulk_create(
        through(question_id=pk, tag_id=tag.pk) for pk in Question.objects.values_list("pk", flat=True)
    )
    return Question.objects.exclude(source=None).order_by("pk")[1]


def _queries_per_page(client, question) -> dict:
    counts = {}
    for url in [*PAGES, question.get_absolute_url()]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[url if url in PAGES else "question"] = len(ctx.captured_queries)
    return counts


def test_pages_run_as_many_queries_at_10_as_at_50_questions(client):
    small = _queries_per_page(client, _bank(10))
    Question.tags.through.objects.all().delete()
    Question.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    cache.clear()
    large_question = _bank(50)
    assert _queries_per_page(client, large_question) == small
    tag = Tag.objects.get(slug="common")
    assert tag.published_count == 50
    assert category("coding").published_count == 12  # i % 4 == 3
