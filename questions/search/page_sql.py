"""The statements of a search results page, written out once.

A results page runs the same three or four statements for every query; only
the tsquery (a bound parameter) and the set of questions searched change.
Built by the ORM (filters, `SearchRank`, `ArraySubquery`, `JSONObject`),
they took longer to compile than Postgres took to run them (with the
page's rows, `public.result_rows`: find()'s Python CPU 6.0 → 2.4 ms a search
for 模型 at 20,000 questions). Here each is a string with
the questions searched spliced in as a compiled subquery (`questions`:
`(sql, params)` of their pks, one small ORM compile per request), and each
function returns `(sql, params)` for `models.search._fetch_serially()`.

Each statement is the one the ORM wrote, so the plans are the same: the
title order repeats the expressions of `questions_search_title_order`, and
the tsquery goes through `to_tsquery()` of a bound parameter as
`query.search_query()` has it. tests/questions/search/test_page_sql.py
compares their results with the querysets'.
"""

from .index_sql import DOCUMENT_TABLE, TITLE_TABLE
from .query import ParsedQuery
from .tokens import SEARCH_CONFIG

Statement = tuple[str, list]

_TSQUERY = f"to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"


def _titles(query: ParsedQuery, questions: Statement, *, match_whole_query: bool) -> Statement:
    """FROM/WHERE of the title matches among `questions`; with
    `match_whole_query`, also matching the whole query in their document
    (its excluded words may be anywhere)."""
    sql, params = questions
    candidates, candidate_params = sql, params
    if match_whole_query:
        candidates = (
            f"SELECT d.question_id FROM {DOCUMENT_TABLE} d "
            f"WHERE d.question_id IN ({sql}) AND d.vector @@ {_TSQUERY}"
        )
        candidate_params = [*params, query.to_tsquery()]
    return (
        f"FROM {TITLE_TABLE} t WHERE t.question_id IN ({candidates}) AND t.vector @@ {_TSQUERY}",
        [*candidate_params, query.to_tsquery(positive_only=True)],
    )


def title_window(
    query: ParsedQuery, questions: Statement, *, match_whole_query: bool, stop: int
) -> Statement:
    """The pks of the first `stop` title matches: shortest title first, then
    (for a query with alternatives) the title's rank, then the newer: the
    order of `SearchTitle.objects.matching()`."""
    where, params = _titles(query, questions, match_whole_query=match_whole_query)
    # Without alternatives, the index's own order: the read stops at the page.
    rank, rank_params = "", []
    if query.has_alternatives:
        rank, rank_params = f"ts_rank(t.vector, {_TSQUERY}, 1) DESC, ", [query.to_tsquery(positive_only=True)]
    return (
        f"SELECT t.question_id {where} ORDER BY length(t.vector), {rank}t.question_id DESC LIMIT %s",
        [*params, *rank_params, stop],
    )


def title_count(query: ParsedQuery, questions: Statement, *, match_whole_query: bool, cap: int) -> Statement:
    """How many title matches there are, up to `cap`, and, when they are
    fewer, their pks (for `others_count()`; else NULL)."""
    where, params = _titles(query, questions, match_whole_query=match_whole_query)
    return (
        "SELECT count(*), CASE WHEN count(*) < %s THEN array_agg(question_id) END "
        f"FROM (SELECT t.question_id {where} LIMIT %s) counted",
        [cap, *params, cap],
    )


def _others(query: ParsedQuery, questions: Statement) -> Statement:
    sql, params = questions
    return (
        f"FROM {DOCUMENT_TABLE} d WHERE d.vector @@ {_TSQUERY} AND d.question_id IN ({sql})",
        [query.to_tsquery(), *params],
    )


def others_count(query: ParsedQuery, questions: Statement, *, excluded: list[int], cap: int) -> Statement:
    """How many of `questions` match `query` but are not `excluded` (every
    title match, as `title_count()` lists them), up to `cap`. A list rather
    than the title matches' subquery, which found them all again: the
    documents' read for 大模型 at 20,000 questions 4.0 -> 1.2 ms of Postgres CPU."""
    where, params = _others(query, questions)
    return (
        f"SELECT count(*) FROM (SELECT d.question_id {where} "
        "AND d.question_id <> ALL(%s::bigint[]) LIMIT %s) counted",
        [*params, excluded, cap],
    )


def others_ranked(query: ParsedQuery, questions: Statement, *, excluded: list[int], limit: int) -> Statement:
    """(rank, pk) of at most `limit` matches of `query` among `questions` but
    `excluded` (the title matches), in the index's order, ranked by their
    whole document as they are found."""
    where, params = _others(query, questions)
    return (
        f"SELECT ts_rank(d.vector, {_TSQUERY}, 1), d.question_id {where} "
        "AND NOT (d.question_id = ANY(%s::bigint[])) LIMIT %s",
        [query.to_tsquery(), *params, excluded, limit],
    )
