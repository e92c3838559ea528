"""Near-duplicates of a question, by Postgres trigram similarity (pg_trgm).

Two questions are near-duplicates when their titles, or the first
`PROMPT_PREFIX` characters of their prompts, share at least
`SIMILARITY_THRESHOLD` of their trigrams (pg_trgm's `similarity()`: shared
trigrams over all distinct trigrams of both, 0 to 1). 0.55 was chosen on the
seed article and the benchmark bank: "什么是大模型的幻觉？" and "什么是大模型幻觉？"
(0.58) are flagged; questions that only share a template, such as "什么是…？"
with another subject (0.2–0.4), are not. A lower threshold also lets the
index hand back every question of a common template to be rechecked.

Titles and prompt beginnings are looked up in their own narrow table,
`questions_similarity_key`, kept current by triggers on every write to a
question (see questions/migrations/sql/similarity_0009.py for why, and
similarity_0014.py for inserts, once per statement), with a
trigram index for each kind: GiST for titles (nearest first, stopping at the
fifth), GIN for prompts. Prompts are compared by their first 100
characters only: a prompt may be 15,000 characters, while a copied question
shows in its first sentences, and every further character is one more
trigram whose list of questions the index has to read.

Computed on the change form only, for one question at a time: at most
`LIMIT` rows per comparison, and a statement timeout so that a pathological
title cannot hold the request.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

SIMILARITY_THRESHOLD = 0.55
PROMPT_PREFIX = 100  # as in the trigger that writes the keys
LIMIT = 5
STATEMENT_TIMEOUT_MS = 500

# `kind` is spelled out, never a parameter, so that the planner picks the
# partial index of that kind. Titles: nearest first from the GiST index,
# which stops at the LIMITth (ordered by distance alone: a second sort key
# would make Postgres fetch every match to sort them); prompts: every match
# from the GIN index, ranked (a prompt's matches are few).
_MATCHES = {
    "t": """
        SELECT question_id, similarity(text, %(text)s)
        FROM questions_similarity_key
        WHERE kind = 't' AND text %% %(text)s AND question_id <> %(pk)s
        ORDER BY text <-> %(text)s
        LIMIT %(limit)s
    """,
    "p": """
        SELECT question_id, similarity(text, %(text)s) AS similarity
        FROM questions_similarity_key
        WHERE kind = 'p' AND text %% %(text)s AND question_id <> %(pk)s
        ORDER BY similarity DESC, question_id
        LIMIT %(limit)s
    """,
}


@dataclass(frozen=True)
class NearDuplicate:
    question: object  # a Question (questions.models imports this package)
    similarity: float


class DuplicateCheckTimedOut(Exception):
    pass


def near_duplicates(question, candidates=None) -> list[NearDuplicate]:
    """Up to LIMIT questions most similar to `question` by title or prompt,
    most similar first. `candidates`: the questions to look among (whom the
    user may see); raises DuplicateCheckTimedOut if the database gives up."""
    if candidates is None:
        candidates = type(question).objects.all()
    searches = [("t", question.title)]
    prompt = (question.body or "")[:PROMPT_PREFIX]
    if prompt.strip():
        searches.append(("p", prompt))
    best = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Local to the transaction (a savepoint inside a request's), and
            # put back below so the rest of the request runs with the defaults.
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true), "
                "set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(STATEMENT_TIMEOUT_MS), str(SIMILARITY_THRESHOLD)],
            )
            timeout = cursor.fetchone()[0]
            for kind, text in searches:
                cursor.execute(_MATCHES[kind], {"text": text, "pk": question.pk or 0, "limit": LIMIT})
                for pk, similarity in cursor.fetchall():
                    best[pk] = max(best.get(pk, 0.0), float(similarity))
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true), "
                "set_config('pg_trgm.similarity_threshold', '0.3', true)",
                [timeout],
            )
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise DuplicateCheckTimedOut from error
        raise
    if not best:
        return []
    shown = candidates.filter(pk__in=best).only("pk", "title", "slug", "status").in_bulk()
    ranked = sorted(
        (NearDuplicate(shown[pk], round(similarity, 2)) for pk, similarity in best.items() if pk in shown),
        key=lambda d: (-d.similarity, d.question.pk),
    )
    return ranked[:LIMIT]
