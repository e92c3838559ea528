"""The lexemes in nearly every search document, read from Postgres' own
statistics of the documents (`pg_stats`, which ANALYZE keeps).

A phrase of common pairs is costly to find: for 模型训练数据 the GIN index
decodes the documents of each of its five pairs, and three of them (模型,
训练, 数据) are in nearly every document of a bank about large models, so
they rule out almost nothing. Finding the candidates with the other two and
checking the whole phrase on each (`ParsedQuery.index_tsquery()`) took that
query's other matches from 18.2 to 13.8 ms of Postgres CPU at 100,000
questions. Which pairs those are is the statistics' answer; a process keeps
it for REFRESH_SECONDS. A stale answer only costs time: the whole query is
still checked on every candidate.
"""

import time

from django.db import connections

from .index_sql import DOCUMENT_TABLE

# In at least this share of the documents, a lexeme no longer narrows the
# candidates enough to be worth decoding its list: dropping it adds at most a
# tenth more candidates to check.
UBIQUITOUS_SHARE = 0.9
REFRESH_SECONDS = 600

# The elements' frequencies are followed by two more figures (for a tsvector,
# the least and the greatest frequency), which unnest() pairs with NULL lexemes.
_STATISTICS_SQL = (
    "SELECT e.lexeme FROM pg_stats s, "
    "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, share) "
    "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = 'vector' "
    "AND e.lexeme IS NOT NULL AND e.share >= %s"
)

# database alias → (when read, the lexemes)
_kept: dict[str, tuple[float, frozenset[str]]] = {}


def ubiquitous_lexemes(using: str) -> frozenset[str]:
    """The lexemes in at least UBIQUITOUS_SHARE of the search documents of
    database `using`, as its statistics last counted them (none before the
    documents were first analysed)."""
    now = time.monotonic()
    kept = _kept.get(using)
    if kept is not None and now - kept[0] < REFRESH_SECONDS:
        return kept[1]
    with connections[using].cursor() as cursor:
        cursor.execute(_STATISTICS_SQL, [DOCUMENT_TABLE, UBIQUITOUS_SHARE])
        lexemes = frozenset(lexeme for (lexeme,) in cursor.fetchall())
    _kept[using] = (now, lexemes)
    return lexemes


def forget_ubiquitous_lexemes() -> None:
    """Read the statistics again on next use (tests: each analyses a bank of its own)."""
    _kept.clear()
