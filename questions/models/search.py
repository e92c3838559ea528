"""Full-text search over questions: the stored search documents and the
queryset methods that match and rank them (the search itself, its query
parsing and SQL, is in the `questions.search` package).

Every method takes a `ParsedQuery`, parsed once per request by the caller;
`search()` also takes a string, for the shell and tests.
"""

from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple, Self

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models, transaction
from django.db.models.functions import Cast

from ..search import page_sql
from ..search.index_sql import DEFER_SETTING
from ..search.query import ParsedQuery, parse_query, search_query
from ..search.ranking import rank, title_length, title_rank


class QuestionSearchQuerySet(models.QuerySet):
    """The search half of `QuestionQuerySet`."""

    if TYPE_CHECKING:

        def newest_first(self) -> Self: ...  # `QuestionQuerySet`'s

    def search(self, query: ParsedQuery | str):
        """Questions matching a websearch-style query (`questions.search.query`),
        full-text over their stored search documents. An empty query matches
        nothing."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return self.none()
        return self.filter(search_document__vector=search_query(parsed))

    def by_relevance(self, query: ParsedQuery):
        """Best matches first: ts_rank with title (A) above tags and prompt
        (B) above answer and explanation (C). Newest first for an empty query."""
        if not query:
            return self.newest_first()
        return self.annotate(rank=rank(query)).order_by("-rank", "-created_at", "-pk")

    def ranked_pks(self, query: ParsedQuery, *, limit: int) -> list[int]:
        """The pks of at most `limit` of these questions that match `query`,
        best first: every question whose title matches comes before any that
        only mentions the words elsewhere, whatever its age.

        1. The title matches, by their title alone (in their own narrow
           table, `SearchTitle`): the shortest title first (fewest distinct
           words, `length(vector)`), then the newer question (for a query
           with `or`, `title_rank` comes between: the title holding more of
           the words first); the first `limit` kept
           (`SearchTitle.objects.matching()`). A short title containing the
           words is the better match, and the order is indexed
           (`questions_search_title_order`): for a common word (25,000 title
           matches at 100,000 questions) the database reads titles in this
           order and stops once `limit` match, rather than ranking every
           one; a rare word's few matches come from the GIN index and are
           sorted.
        2. When they are fewer than `limit`, the other matches fill up to
           `limit`, ranked by their whole search document (`rank`, as
           `by_relevance`). Which ones fill in is the index's choice: ranking
           all 90,000 matches of a common word would read every 5 KB
           document, most of a second; the page says "more than 1,000" and
           filters narrow it down.

        One or two round trips (`ranked_window()`, which serves a page).
        Ties go to the newer question (the higher pk), so the order is stable.
        """
        return self.ranked_window(query, cap=limit, start=0, stop=limit).pks

    def ranked_window(
        self, query: ParsedQuery, *, cap: int, start: int, stop: int, others_cap: int | None = None
    ) -> "RankedWindow":
        """How many of these questions match `query`, at most `cap`, and the
        pks `[start:stop]` of `ranked_pks(query, limit=cap)`: one page of
        results, ranking no more than that page needs.

        `others_cap`: read at most this many of the matches whose title does
        not match (by default, up to `cap` in all). Each is a 5 KB document
        read and, for a CJK phrase, rechecked: the first 1,000 of a
        six-character phrase of common pairs meant ~4,800 documents. The
        page reads fewer, and says so (`RankedWindow.others_capped`).

        The title matches are read up to `stop`, and counted up to `cap` in
        the same round trip. When the window holds title matches only (for
        a common word, every page but the last few), that is all, unless
        the titles are fewer than `cap`: then the other matches are counted
        up to what the caps leave. Neither the rest of the title matches nor
        the other matches are ranked. Otherwise every title match is known
        (fewer than `stop`) and the other matches fill in as in
        `ranked_pks()`, ranked in the same scan that finds them. One or two
        round trips.
        """
        if not query:
            return RankedWindow(0, [])
        stop = min(stop, cap)
        # The statements are written out (`page_sql`): built by the ORM they
        # cost more to compile than to run. Only the questions searched are
        # compiled, as the subquery of their pks.
        pks_sql, pks_params = self.order_by().values("pk").query.sql_with_params()
        questions = (pks_sql, list(pks_params))
        in_title: list[int] = []
        counted = 0
        if query.to_tsquery(positive_only=True):
            # Excluded words may be anywhere in the document, so a title match
            # must also match the whole query (always true without them).
            whole = query.has_negation
            # How many title matches there are up to the cap (the narrow
            # table counts them cheaply) and, when they are fewer, all their
            # pks in order, for the page and for the other matches to skip;
            # else the page's title matches.
            [[(counted, titles, window)]] = _fetch_serially(
                page_sql.titles(query, questions, match_whole_query=whole, cap=cap, stop=stop),
                using=self.db,
            )
            in_title = (titles if titles is not None else window)[:stop]
            if len(in_title) == stop:
                # The page holds title matches only: count the other matches
                # (never reading a document when the titles reach the cap).
                wanted = _others_wanted(cap - counted, others_cap)
                more = 0
                if wanted:
                    [((more,),)] = _fetch_serially(
                        page_sql.others_count(query, questions, excluded=titles or [], cap=wanted),
                        using=self.db,
                    )
                return RankedWindow(counted + more, in_title[start:stop], _capped(more, wanted, others_cap))
        # Which other matches fill in is the index's choice (the first found),
        # ranked as they are found: each document is read once.
        wanted = _others_wanted(cap - len(in_title), others_cap)
        (rows,) = _fetch_serially(
            page_sql.others_ranked(query, questions, excluded=in_title, limit=wanted), using=self.db
        )
        # No timestamps fetched: they cost more to parse than everything else here.
        ranked = in_title + [pk for _, pk in sorted(rows, reverse=True)]
        return RankedWindow(len(ranked), ranked[start:stop], _capped(len(rows), wanted, others_cap))

    def with_matched_lexemes(self, query: ParsedQuery):
        """Annotate `matched_lexemes`, the normalized positive query
        (`'transform' & '大模' <-> '模型'`), which tells the snippet
        highlighter what the stems are."""
        if not query:
            return self
        lexemes = Cast(search_query(query, positive_only=True), output_field=models.TextField())
        return self.annotate(matched_lexemes=lexemes)

    def refresh_search_documents(self) -> int:
        """Recompute the stored search documents of these questions in one
        set-based statement; returns how many. Writes keep documents current
        by themselves (triggers, see `questions.search.index_sql`), so this is
        for rows written with triggers off (a bulk load under
        `session_replication_role = replica`) or after changing the search
        functions."""
        pks_sql, params = self.order_by().values("pk").query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT qbank_refresh_search_documents(ARRAY({pks_sql}))", params)
            return cursor.fetchone()[0]


class RankedWindow(NamedTuple):
    """A page of `ranked_window()`: how many matches were counted (at most
    the cap), the page's pks, and whether the other matches stopped at
    `others_cap` (there may be more than `found`)."""

    found: int
    pks: list[int]
    others_capped: bool = False


def _others_wanted(left: int, others_cap: int | None) -> int:
    return max(0, left if others_cap is None else min(left, others_cap))


def _capped(read: int, wanted: int, others_cap: int | None) -> bool:
    return others_cap is not None and wanted == others_cap and read == wanted


def _fetch_serially(*statements: tuple[str, list], using: str) -> list[list[tuple]]:
    """The rows of each statement (`(sql, params)`), in one round trip,
    planned without parallel workers.

    A results page reads a page's worth of rows in index order, or counts up
    to the cap: on a busy server, starting parallel workers costs far more
    than such a scan (at 100,000 questions, a common word's first 20 title
    matches: 20–60 ms through a Gather Merge, 2–7 ms serially). The setting
    is local to this transaction and reset after the statements. Django's
    psycopg cursors bind parameters client-side, so one string may hold
    several statements."""
    sqls, params = [], []
    for sql, statement_params in statements:
        sqls.append(sql)
        params.extend(statement_params)
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SET LOCAL max_parallel_workers_per_gather = 0; "
            + "; ".join(sqls)
            + "; RESET max_parallel_workers_per_gather",
            params,
        )
        results = []
        for _ in sqls:
            cursor.nextset()
            results.append(cursor.fetchall())
        return results


@contextmanager
def search_documents_deferred(using: str = "default"):
    """Inside this block, writes to questions and their tags leave the stored
    search documents alone (the triggers return at once); the block yields
    a list to which the caller adds the pks of the questions it wrote, and
    computes their documents, once each, as it ends. For bulk writes, where
    the triggers would compute a tagged question's document twice (for the
    question, then for its tags).

    The setting is transaction-local (`SET LOCAL`), and the block is atomic
    without a savepoint of its own: an error inside it dooms the whole
    transaction, which takes the setting with it."""
    written: list[int] = []
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [DEFER_SETTING])
        yield written
        # The refresh itself is not a trigger, so the setting can go in the same statement.
        cursor.execute(
            "SELECT qbank_refresh_search_documents(%s::bigint[]), set_config(%s, 'off', true)",
            [written, DEFER_SETTING],
        )


class SearchDocument(models.Model):
    """A question's full-text search document (questions/search/index_sql.py).

    Its own table, written only by the database: triggers keep it current on
    every write to a question, its tags or a tag's name; `Question.objects.
    search()` joins it. Kept apart from the question row, the 5 KB vector
    stays uncompressed in its row (fast to rank) without making every other
    read of questions carry it.
    """

    question = models.OneToOneField(
        "questions.Question",
        primary_key=True,
        on_delete=models.DO_NOTHING,  # ON DELETE CASCADE in the database
        db_constraint=False,
        related_name="search_document",
    )
    vector = SearchVectorField()

    class Meta:
        managed = False
        db_table = "questions_search_document"

    def __str__(self) -> str:
        return str(self.question_id)


class SearchTitleQuerySet(models.QuerySet):
    def matching(self, query: ParsedQuery, questions, *, ordered: bool = True):
        """The pks of `questions` whose title holds the positive words of
        `query`, shortest title first (fewest distinct words), then newer
        first: the order of `questions_search_title_order`, which serves it
        for a common word. A query with alternatives (`a or b`) ranks titles
        of one length by `title_rank` first, so that the one holding more of
        the words leads (the index then serves the length alone). Without
        alternatives every title of one length holds every word, and ts_rank
        would only prefer a repeated word, words standing closer together or
        a prefix matching more words: not worth reading every title of that
        length to rank them, ~10,000 for 大模型 at 100,000 questions, ten
        times that at a million. In no order with `ordered=False`, for counting."""
        titles = self.filter(
            vector=search_query(query, positive_only=True),
            question__in=questions.order_by().values("pk"),
        )
        if not ordered:
            return titles.values_list("question_id", flat=True)
        titles = titles.annotate(title_length=title_length())
        order = ["title_length", "-question_id"]
        if query.has_alternatives:
            titles = titles.annotate(rank=title_rank(query))
            order.insert(1, "-rank")
        return titles.order_by(*order).values_list("question_id", flat=True)


class SearchTitle(models.Model):
    """A question's title alone as a search vector (questions/search/
    index_sql.py), in a narrow table with its own GIN index: `ranked_pks()`
    ranks every title match of a query, which would mean reading thousands
    of 5 KB documents in `SearchDocument`. Written only by the database,
    with the document."""

    question = models.OneToOneField(
        "questions.Question",
        primary_key=True,
        on_delete=models.DO_NOTHING,  # ON DELETE CASCADE in the database
        db_constraint=False,
        related_name="search_title",
    )
    vector = SearchVectorField()

    objects = SearchTitleQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "questions_search_title"

    def __str__(self) -> str:
        return str(self.question_id)
