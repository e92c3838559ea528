"""The statements of a search results page, written out once.

A results page runs the same two or three statements for every query; only
the tsquery (a bound parameter) and the set of questions searched change.
Built by the ORM (filters, `SearchRank`, `ArraySubquery`, `JSONObject`),
they took longer to compile than Postgres took to run them (with the
page's rows, `public.result_rows`: find()'s Python CPU 6.0 → 2.4 ms a search
for 模型 at 20,000 questions). Here each is a string with
the questions searched spliced in as a compiled subquery (`questions`:
`(sql, params)` of their pks, one small ORM compile per request), and each
function returns `(sql, params)` for `models.search._fetch_serially()`.

The title window is the statement the ORM wrote (`SearchTitle.objects.
matching()`), so its plan is the same: its order repeats the expressions of
`questions_search_title_order`, and the tsquery goes through `to_tsquery()`
of a bound parameter as `query.search_query()` has it; `titles()` wraps it
with the count. tests/questions/search/test_page_sql.py compares their
results with the querysets'.
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


def _title_order(query: ParsedQuery, *, of_found: bool = False) -> Statement:
    """ORDER BY of the title matches: shortest title first, then (for a
    query with alternatives) the title's rank, then the newer: the order of
    `SearchTitle.objects.matching()`. Without alternatives, the order of the
    index `questions_search_title_order`, so a read in it stops at the page.
    `of_found`: by the columns `titles()` computed for each match."""
    if of_found:
        rank = "found.rank DESC, " if query.has_alternatives else ""
        return f"found.length, {rank}found.question_id DESC", []
    if not query.has_alternatives:
        return "length(t.vector), t.question_id DESC", []
    return (
        f"length(t.vector), ts_rank(t.vector, {_TSQUERY}, 1) DESC, t.question_id DESC",
        [query.to_tsquery(positive_only=True)],
    )


def title_window(
    query: ParsedQuery, questions: Statement, *, match_whole_query: bool, stop: int
) -> Statement:
    """The pks of the first `stop` title matches, in `_title_order()`."""
    return _window(query, _titles(query, questions, match_whole_query=match_whole_query), stop)


def _window(query: ParsedQuery, titles: Statement, stop: int) -> Statement:
    where, params = titles
    order, order_params = _title_order(query)
    return f"SELECT t.question_id {where} ORDER BY {order} LIMIT %s", [*params, *order_params, stop]


def titles(
    query: ParsedQuery, questions: Statement, *, match_whole_query: bool, cap: int, stop: int
) -> Statement:
    """One row: how many title matches there are, up to `cap`; when they
    are fewer, all their pks in `_title_order()` (else NULL); when they are
    not, the first `stop` of them (`title_window()`, else NULL).

    Counting finds the matches in whatever order is cheapest (a rare word's
    few from the GIN index); when they are fewer than the cap, those are
    sorted and the window is never read (a subquery in a CASE runs only
    when its branch is taken): a selective query's matches are found once,
    not once for the window and again for the count. Only a word with more
    title matches than the cap reads the window, in the index's order, and
    its matches counted are never sorted (sorting 1,000 of them cost more
    than the window)."""
    where, params = _titles(query, questions, match_whole_query=match_whole_query)
    window, window_params = _window(query, (where, params), stop)
    order, _ = _title_order(query, of_found=True)
    columns, aggregates, rank_params = "question_id, length", "", []
    if query.has_alternatives:
        columns, aggregates = f"{columns}, rank", ", array_agg(found.rank) AS ranks"
        rank_params = [query.to_tsquery(positive_only=True)]
    rank = f", ts_rank(t.vector, {_TSQUERY}, 1) AS rank" if rank_params else ""
    arrays = "counted.pks, counted.lengths" + (", counted.ranks" if rank_params else "")
    return (
        f"SELECT counted.n, CASE WHEN counted.n < %s THEN ARRAY(SELECT found.question_id "
        f"FROM unnest({arrays}) AS found({columns}) ORDER BY {order}) END, "
        f"CASE WHEN counted.n >= %s THEN ARRAY({window}) END "
        "FROM (SELECT count(*) AS n, array_agg(found.question_id) AS pks, "
        f"array_agg(found.length) AS lengths{aggregates} "
        f"FROM (SELECT t.question_id, length(t.vector) AS length{rank} {where} LIMIT %s) found) counted",
        [cap, cap, *window_params, *rank_params, *params, cap],
    )


def _others(query: ParsedQuery, questions: Statement) -> Statement:
    sql, params = questions
    return (
        f"FROM {DOCUMENT_TABLE} d WHERE d.vector @@ {_TSQUERY} AND d.question_id IN ({sql})",
        [query.to_tsquery(), *params],
    )


def others_count(query: ParsedQuery, questions: Statement, *, excluded: list[int], cap: int) -> Statement:
    """How many of `questions` match `query` but are not `excluded` (every
    title match, as `titles()` lists them), up to `cap`. A list rather
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
