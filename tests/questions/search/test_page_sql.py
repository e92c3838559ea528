"""The written-out statements of a results page (questions/search/page_sql.py)
find what the querysets they replace find, in the same order, and keep the
plan that serves a common word."""

import pytest
from django.db import connection

from questions.models import Question, SearchDocument, SearchTitle
from questions.search import page_sql
from questions.search.query import parse_query, search_query
from tests.factories import DraftFactory, QuestionFactory, category

pytestmark = pytest.mark.django_db


def _rows(statement):
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return cursor.fetchall()


def _published():
    sql, params = Question.objects.published().order_by().values("pk").query.sql_with_params()
    return sql, list(params)


@pytest.fixture
def bank(db):
    titles = [QuestionFactory(title=f"梯度裁剪{'很长' * i}", answer="无。") for i in range(4)]
    titles.append(QuestionFactory(title="梯度裁剪", answer="用于 GPU 训练。"))
    others = [QuestionFactory(title=f"别的问题 {i}", answer="梯度裁剪。" * (i + 1)) for i in range(3)]
    DraftFactory(title="梯度裁剪草稿")
    QuestionFactory(title="无关", category=category("coding"))
    return titles, others


@pytest.mark.parametrize("text", ["梯度裁剪", "梯度裁剪 -GPU", "裁剪 or 问题"])
def test_the_title_matches_and_their_count_are_the_queryset_s(bank, text):
    query = parse_query(text)
    whole = query.has_negation
    published = Question.objects.published()
    candidates = published.search(query) if whole else published
    expected = list(SearchTitle.objects.matching(query, candidates))
    window = page_sql.title_window(query, _published(), match_whole_query=whole, stop=3)
    assert [pk for (pk,) in _rows(window)] == expected[:3]
    # Fewer than the cap: every one, in order, and no window read.
    titles = page_sql.titles(query, _published(), match_whole_query=whole, cap=100, stop=3)
    assert _rows(titles) == [(len(expected), expected, None)]
    # The cap reached: no list, the window instead.
    capped = page_sql.titles(query, _published(), match_whole_query=whole, cap=len(expected), stop=3)
    assert _rows(capped) == [(len(expected), None, expected[:3])]


def test_no_title_match_is_an_empty_list(bank):
    titles = page_sql.titles(parse_query("变压器"), _published(), match_whole_query=False, cap=100, stop=3)
    assert _rows(titles) == [(0, [], None)]


def test_the_window_is_read_only_when_the_titles_reach_the_cap(bank):
    query = parse_query("梯度裁剪")
    with connection.cursor() as cursor:
        for cap, window_read in ((100, False), (2, True)):
            sql, params = page_sql.titles(query, _published(), match_whole_query=False, cap=cap, stop=1)
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            window = plan[plan.index("InitPlan") :].splitlines()[1]
            assert ("never executed" not in window) is window_read, plan


def test_the_other_matches_are_those_of_the_documents_but_the_titles(bank):
    titles, others = bank
    query = parse_query("梯度裁剪")
    in_title = [q.pk for q in titles]
    counted = page_sql.others_count(query, _published(), excluded=in_title, cap=100)
    assert _rows(counted) == [(len(others),)]
    assert _rows(page_sql.others_count(query, _published(), excluded=in_title, cap=2)) == [(2,)]
    assert _rows(page_sql.others_count(query, _published(), excluded=[], cap=100)) == [
        (len(titles + others),)
    ]
    ranked = _rows(page_sql.others_ranked(query, _published(), excluded=[q.pk for q in titles], limit=100))
    assert {pk for _, pk in ranked} == {q.pk for q in others}
    documents = SearchDocument.objects.filter(vector=search_query(query), question__in=[q.pk for q in others])
    assert len(ranked) == documents.count()
    # Nothing excluded: every match, titles too.
    everything = _rows(page_sql.others_ranked(query, _published(), excluded=[], limit=100))
    assert len(everything) == len(titles) + len(others)


def _title_window_plan(text):
    sql, params = page_sql.title_window(parse_query(text), _published(), match_whole_query=False, stop=20)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_title_window_can_be_read_in_the_title_order_index_s_own_order(db):
    # For a common word the planner reads titles in the page's order and
    # stops at the page; that needs the ORDER BY to repeat the index's
    # expressions, and nothing to sort by after them.
    QuestionFactory(title="模型")
    plan = _title_window_plan("模型")
    assert "questions_search_title_order" in plan
    assert "Sort" not in plan


def test_a_query_with_alternatives_ranks_each_length_it_reads_from_the_index(db):
    QuestionFactory(title="模型")
    plan = _title_window_plan("模型 or 训练")
    assert "questions_search_title_order" in plan
    assert "Incremental Sort" in plan
