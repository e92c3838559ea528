"""The documents' index finds a query's candidates without the lexemes
nearly every document holds (questions/search/common_lexemes.py), and the
whole query is still checked on each: the same matches, fewer lists decoded."""

import pytest
from django.db import connection

from questions.models import Question
from questions.public.browse import BrowseForm, find
from questions.search import page_sql
from questions.search.common_lexemes import ubiquitous_lexemes
from questions.search.query import parse_query
from tests.factories import QuestionFactory

EVERYWHERE = frozenset({"模型", "训练", "数据"})


def test_a_phrase_is_found_by_its_pairs_that_are_not_everywhere():
    assert parse_query("模型训练数据").index_tsquery(EVERYWHERE) == "'型训' & '练数'"
    assert parse_query("GPU 训练").index_tsquery(EVERYWHERE) == "'GPU'"


def test_nothing_changes_when_no_lexeme_or_every_lexeme_is_everywhere():
    assert parse_query("损失函数").index_tsquery(EVERYWHERE) == ""
    assert parse_query("模型 训练").index_tsquery(EVERYWHERE) == ""
    assert parse_query("模型训练数据").index_tsquery(frozenset()) == ""


def test_a_group_with_an_alternative_made_only_of_common_lexemes_rules_nothing_out():
    assert parse_query("哈希表 or 模型").index_tsquery(EVERYWHERE) == ""
    assert (
        parse_query("哈希表 or 模型 损失函数训练").index_tsquery(EVERYWHERE)
        == "'损失' & '失函' & '函数' & '数训'"
    )
    assert parse_query("模型训练数据 or 哈希表").index_tsquery(EVERYWHERE) == (
        "(('型训' & '练数') | ('哈希' & '希表'))"
    )


def test_excluded_words_and_prefixes_stay_out_of_what_is_dropped():
    assert parse_query("模型训练数据 -哈希").index_tsquery(EVERYWHERE) == "'型训' & '练数'"
    assert parse_query("模型 transfor*").index_tsquery(EVERYWHERE) == "'transfor':*"


def test_an_exclusion_offered_as_an_alternative_requires_nothing_of_its_group():
    # Any document without 哈希表 matches `模型训练数据 or -哈希表`.
    assert parse_query("模型训练数据 or -哈希表").index_tsquery(EVERYWHERE) == ""
    assert parse_query("模型训练数据 哈希表 or -GPU").index_tsquery(EVERYWHERE) == "'型训' & '练数'"


@pytest.fixture
def analysed_bank(db):
    """Twenty questions that all mention 模型, four of them 模型训练数据."""
    for i in range(16):
        QuestionFactory(title=f"问题 {i}", answer="关于模型的回答。")
    phrase = [QuestionFactory(title=f"第 {i} 题", answer="模型训练数据要干净。") for i in range(4)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE questions_search_document")
    return phrase


def test_the_statistics_name_the_lexemes_in_nearly_every_document(analysed_bank, django_assert_num_queries):
    lexemes = ubiquitous_lexemes("default")
    assert "模型" in lexemes
    assert "练数" not in lexemes
    with django_assert_num_queries(0):  # kept by the process
        assert ubiquitous_lexemes("default") == lexemes


def test_the_other_matches_are_the_same_found_either_way(analysed_bank):
    query = parse_query("模型训练数据")
    index_tsquery = query.index_tsquery(ubiquitous_lexemes("default"))
    assert index_tsquery == "'型训' & '训练' & '练数' & '数据'"  # 模型 is in every one
    published = Question.objects.published().order_by().values("pk").query.sql_with_params()
    questions = (published[0], list(published[1]))
    with connection.cursor() as cursor:
        for pruned in ("", index_tsquery):
            cursor.execute(
                *page_sql.others_count(query, questions, excluded=[], cap=100, index_tsquery=pruned)
            )
            assert cursor.fetchone() == (4,)
            statement = page_sql.others_ranked(query, questions, excluded=[], limit=100, index_tsquery=pruned)
            cursor.execute(*statement)
            assert {pk for _, pk in cursor.fetchall()} == {q.pk for q in analysed_bank}
        # Twenty rows: read as a big bank's would be, through the GIN index.
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL enable_nestloop = off"
        )
        cursor.execute("EXPLAIN " + statement[0], statement[1])
        plan = [row for (row,) in cursor.fetchall()]
    # Only the pruned query reaches the index; the phrase is checked on each candidate.
    [gin] = [
        i for i, line in enumerate(plan) if "Bitmap Index Scan on questions_search_document_vector" in line
    ]
    index_condition = plan[gin + 1]
    assert "练数'' & ''数据'''::tsquery)" in index_condition, plan
    assert "<->" not in index_condition, plan
    assert any("ts_match_vq" in line for line in plan), plan


def test_an_exclusion_as_an_alternative_still_finds_every_document_without_it(analysed_bank):
    # None of the twenty mentions 哈希表, so all match, not only the phrase's four.
    form = BrowseForm({"q": "模型训练数据 or -哈希表"}, categories=[], tags=[], sources=[])
    assert find(Question.objects.published(), form, page_number=1).count == 20


def test_a_results_page_finds_the_phrase_through_its_rarer_pairs(analysed_bank):
    form = BrowseForm({"q": "模型训练数据"}, categories=[], tags=[], sources=[])
    results = find(Question.objects.published(), form, page_number=1)
    assert results.count == 4
    assert {item.question.pk for item in results.items} == {q.pk for q in analysed_bank}
