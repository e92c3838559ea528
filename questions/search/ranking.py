"""Relevance: which matches of a query come first."""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Func, IntegerField

from .query import ParsedQuery, search_query


def rank(query: ParsedQuery, vector: str = "search_document__vector") -> SearchRank:
    """ts_rank with title (A) above tags and prompt (B) above answer and
    explanation (C); normalization 1 divides by 1 + log(document length), so
    a long answer mentioning a word once does not outrank a short one about it."""
    return SearchRank(F(vector), search_query(query), normalization=1)


def title_rank(query: ParsedQuery, vector: str = "vector") -> SearchRank:
    """ts_rank of a title vector (`SearchTitle`) for the query's positive
    words: a short title that is mostly the words comes first."""
    return SearchRank(F(vector), search_query(query, positive_only=True), normalization=1)


def title_length(vector: str = "vector") -> Func:
    """How many distinct words a title vector (`SearchTitle`) holds: titles
    containing the query's words come shortest first. The first expression
    of the index `questions_search_title_order`, which the query must repeat
    exactly for the index to serve it."""
    return Func(F(vector), function="length", output_field=IntegerField())
