"""Full-text search over questions: the stored search documents and the
queryset methods that match and rank them (the search itself, its query
parsing and SQL, is in the `questions.search` package).

Every method takes a `ParsedQuery`, parsed once per request by the caller;
`search()` also takes a string, for the shell and tests.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models.functions import Cast

from ..search.query import ParsedQuery, parse_query, search_query
from ..search.ranking import rank


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
        best first (as `by_relevance`), in one query. Only the first `limit`
        matches the index yields are ranked, since ranking reads each one's
        search document: it keeps a common word's results page fast."""
        if not query:
            return []
        # The matches are found first (ids only), then their documents read
        # by primary key to rank them: ranking in the same join lets the
        # planner hash every 5 KB document it finds.
        matches = self.search(query).order_by().values("pk")[:limit]
        documents = SearchDocument.objects.filter(question__in=matches)
        ranked = documents.annotate(rank=rank(query, vector="vector"))
        # Ties go to the newer row; no timestamps fetched, they cost more
        # to parse than everything else here.
        rows = ranked.values_list("rank", "question_id")[:limit]
        return [pk for _, pk in sorted(rows, reverse=True)]

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
