"""A page of search results is read by one written-out statement
(questions/public/result_rows.py) into questions holding what a result
shows, and no more."""

import pytest

from questions.public.browse import Result
from questions.public.result_rows import result_rows
from questions.search.query import parse_query
from questions.templatetags.search_results import search_results
from tests.factories import QuestionFactory, TagFactory, category

pytestmark = pytest.mark.django_db


def test_the_rows_come_in_the_order_asked_for_without_the_missing(django_assert_num_queries):
    first = QuestionFactory(title="模型一", category=category("coding"))
    second = QuestionFactory(title="模型二")
    with django_assert_num_queries(1):
        rows = result_rows([second.pk, 0, first.pk], parse_query("模型"), using="default")
    assert [q.pk for q in rows] == [second.pk, first.pk]
    assert [q.category.slug for q in rows] == ["concept", "coding"]


def test_a_row_holds_its_tags_in_name_order_and_the_matched_lexemes():
    question = QuestionFactory(
        title="Transformers 模型",
        tags=[TagFactory(name="RAG", slug="rag"), TagFactory(name="GPU", slug="gpu")],
    )
    [row] = result_rows([question.pk], parse_query("transformers 模型 -CPU"), using="default")
    assert row.tag_list == [{"name": "GPU", "slug": "gpu"}, {"name": "RAG", "slug": "rag"}]
    assert row.matched_lexemes == "'transform' & '模型'"
    assert (row.title, row.slug, row.body, row.is_published) == (
        question.title, question.slug, question.body, True,
    )  # fmt: skip
    assert (
        result_rows([QuestionFactory(title="无标签").pk], parse_query("无"), using="default")[0].tag_list
        == []
    )


def test_a_row_never_holds_the_answer_and_renders_without_a_query(django_assert_num_queries):
    question = QuestionFactory(title="模型", answer="答案", explanation="解释", tags=[TagFactory(name="RAG")])
    [row] = result_rows([question.pk], parse_query("模型"), using="default")
    assert {"answer", "explanation", "body_html", "answer_html"} <= row.get_deferred_fields()
    with django_assert_num_queries(0):
        html = search_results([Result(row, row.title, row.body)])
    assert question.get_absolute_url() in html
    assert row.category.get_absolute_url() in html
    assert "#RAG" in html
