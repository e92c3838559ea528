"""The rows a page of search results shows, read by one written-out statement.

The ORM's version of this read (`select_related`, `defer`, an `ArraySubquery`
of `JSONObject`s for the tags, the matched lexemes cast to text) cost ~1.5 ms
of Python to compile and load per cold results page, more than Postgres
took to run it. The statement is the same every time; only the pks and the
tsquery change. Its rows become `Question`s (with their `Category`) through
`Model.from_db()`, holding only what a result shows: the title and address,
the prompt for its snippet (never the answer), the category, the difficulty
and status for the badges, the tags as `tag_list` (`with_tag_list()`'s
shape) and `matched_lexemes` (`with_matched_lexemes()`'s) for the highlighter.
"""

import json
from functools import cache

from django.db import connections

from questions.models.prepared import server_binding_cursor

from ..models import Category, Question, Tag
from ..search.query import ParsedQuery
from ..search.tokens import SEARCH_CONFIG

QUESTION_FIELDS = ("id", "title", "slug", "category_id", "difficulty", "body", "status")
CATEGORY_FIELDS = ("id", "slug", "name")


@cache
def _statement() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The statement and the question's and category's columns it reads, in
    the order of their models' fields (as `from_db()` wants them)."""
    question_fields = tuple(f.attname for f in Question._meta.concrete_fields if f.attname in QUESTION_FIELDS)
    category_fields = tuple(f.attname for f in Category._meta.concrete_fields if f.attname in CATEGORY_FIELDS)
    links = Tag.questions.through._meta.db_table  # type: ignore[attr-defined]
    columns = ", ".join(
        [*(f"q.{name}" for name in question_fields), *(f"c.{name}" for name in category_fields)]
    )
    sql = f"""
        SELECT {columns},
            (SELECT json_agg(json_build_object('name', tag.name, 'slug', tag.slug) ORDER BY tag.name)
             FROM {Tag._meta.db_table} tag JOIN {links} link ON link.tag_id = tag.id
             WHERE link.question_id = q.id)::text,
            to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)::text
        FROM {Question._meta.db_table} q JOIN {Category._meta.db_table} c ON c.id = q.category_id
        WHERE q.id = ANY(%s::bigint[])
    """
    return sql, question_fields, category_fields


def result_rows(pks: list[int], query: ParsedQuery, *, using: str) -> list[Question]:
    """The questions `pks` (those that exist), in that order, as a results
    page shows them."""
    if not pks:
        return []
    sql, question_fields, category_fields = _statement()
    # Planned once per connection (prepared.py): the plan cost as much as the run.
    with server_binding_cursor(connections[using]) as cursor:
        cursor.execute(sql, [query.to_tsquery(positive_only=True), pks])
        rows = cursor.fetchall()
    by_pk = {}
    categories: dict[int, Category] = {}
    split = len(question_fields)
    for row in rows:
        question = Question.from_db(using, question_fields, row[:split])
        category_values = row[split : split + len(category_fields)]
        category = categories.get(category_values[0])
        if category is None:
            category = categories[category_values[0]] = Category.from_db(
                using, category_fields, category_values
            )
        question.category = category
        question.tag_list = json.loads(row[-2]) if row[-2] else []
        question.matched_lexemes = row[-1]
        by_pk[question.pk] = question
    return [by_pk[pk] for pk in pks if pk in by_pk]
