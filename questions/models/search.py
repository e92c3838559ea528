"""Full-text search over questions: the stored search documents and the
queryset methods that match and rank them (the search itself, its query
parsing and SQL, is in the `questions.search` package).

Every method takes a `ParsedQuery`, parsed once per request by the caller;
`search()` also takes a string, for the shell and tests.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models, transaction
from django.db.models.functions import Cast

from ..search.index_sql import DEFER_SETTING
from ..search.query import ParsedQuery, parse_query, search_query
from ..search.ranking import rank, title_rank


class QuestionSearchQuerySet(models.QuerySet):
    """The search half of `QuestionQuerySet`."""

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

        1. Every title match is ranked by its title alone (`title_rank`:
           titles are short and indexed in their own narrow table, so even
           30,000 title matches of a common word rank in milliseconds), and
           the best `limit` kept. Equal titles: the newer question first.
        2. When they are fewer than `limit`, the other matches fill up to
           `limit`, ranked by their whole search document (`rank`, as
           `by_relevance`). Which ones fill in is the index's choice: ranking
           all 90,000 matches of a common word would read every 5 KB
           document, most of a second; the page says "more than 1,000" and
           filters narrow it down.

        One query, two when the title matches do not fill the page's cap.
        Ties go to the newer question (the higher pk), so the order is stable.
        """
        if not query:
            return []
        matches = self.search(query)
        ranked: list[tuple[float, int]] = []
        if query.to_tsquery(positive_only=True):
            # Excluded words may be anywhere in the document, so a title match
            # must also match the whole query (always true without them).
            candidates = matches if query.has_negation else self
            titles = (
                SearchTitle.objects.filter(
                    vector=search_query(query, positive_only=True),
                    question__in=candidates.order_by().values("pk"),
                )
                .annotate(rank=title_rank(query))
                .order_by("-rank", "-question_id")
                .values_list("rank", "question_id")[:limit]
            )
            ranked = sorted(titles, reverse=True)
        if len(ranked) < limit:
            in_title = [pk for _, pk in ranked]
            others = matches.exclude(pk__in=in_title).order_by().values("pk")[: limit - len(ranked)]
            documents = SearchDocument.objects.filter(question__in=others)
            # No timestamps fetched: they cost more to parse than everything else here.
            rows = documents.annotate(rank=rank(query, vector="vector")).values_list("rank", "question_id")
            ranked += sorted(rows, reverse=True)
        return [pk for _, pk in ranked]

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

    class Meta:
        managed = False
        db_table = "questions_search_title"

    def __str__(self) -> str:
        return str(self.question_id)
