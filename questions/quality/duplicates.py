"""Near-duplicates of a question: found by Postgres trigram similarity
(pg_trgm), decided by their subject words (resemblance.py).

Two steps, because neither does both jobs. pg_trgm's `similarity()` (shared
trigrams over all distinct trigrams of both, 0 to 1) finds candidates through
an index in milliseconds among 100,000 questions, but on short Chinese titles
it cannot tell a question from another on the same topic: 什么是大模型？ and
什么是大模型幻觉？ score 0.6, 如何评估大模型的输出质量？ against itself
rewritten 0.44. So titles within `TITLE_RETRIEVAL` and prompt beginnings
within `PROMPT_RETRIEVAL` are only candidates; a candidate is a near-duplicate
when `resemblance()` of the titles, or of the prompt beginnings, reaches
`SIMILARITY_THRESHOLD`. Both thresholds were picked with `make
bench-duplicates` on the labelled pairs of tests/bench/duplicate_pairs.py
(precision and recall in docs/benchmarks.md).

Titles and prompt beginnings are looked up in their own narrow table,
`questions_similarity_key`, kept current by triggers on every write to a
question (see questions/migrations/sql/similarity_0009.py for why, and
similarity_0014.py for inserts, once per statement), with a
trigram index for each kind: GiST for titles (nearest first, stopping at the
fifth), GIN for prompts. Prompts are compared by their first 100
characters only: a prompt may be 15,000 characters, while a copied question
shows in its first sentences, and every further character is one more
trigram whose list of questions the index has to read (which is also why
prompts keep a higher retrieval threshold than titles: at 0.4 every question
of a common template is handed back to be rechecked).

Computed on the change form only, for one question at a time: at most
`LIMIT` rows per comparison, and a statement timeout so that a pathological
title cannot hold the request.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Substr

from .resemblance import resemblance

SIMILARITY_THRESHOLD = 0.85  # resemblance(), see make bench-duplicates
TITLE_RETRIEVAL = 0.4  # pg_trgm similarity() of titles, to be a candidate
PROMPT_RETRIEVAL = 0.55  # of the prompts' first PROMPT_PREFIX characters
RETRIEVAL = {"t": TITLE_RETRIEVAL, "p": PROMPT_RETRIEVAL}
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
    """Up to LIMIT questions that ask what `question` asks, by title or
    prompt, most similar first. `candidates`: the questions to look among
    (whom the user may see); raises DuplicateCheckTimedOut if the database
    gives up."""
    ranked = sorted(
        (d for d in scored_candidates(question, candidates) if d.similarity >= SIMILARITY_THRESHOLD),
        key=lambda d: (-d.similarity, d.question.pk),
    )
    return ranked[:LIMIT]


def scored_candidates(question, candidates=None) -> list[NearDuplicate]:
    """Every candidate the trigram indexes propose, with its resemblance()
    to `question` (whatever the threshold: the benchmark sweeps it)."""
    if candidates is None:
        candidates = type(question).objects.all()
    prompt = (question.body or "")[:PROMPT_PREFIX]
    searches = [("t", question.title)]
    if prompt.strip():
        searches.append(("p", prompt))
    proposed = set()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Local to the transaction (a savepoint inside a request's), and
            # put back below so the rest of the request runs with the defaults.
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                [str(STATEMENT_TIMEOUT_MS)],
            )
            timeout = cursor.fetchone()[0]
            for kind, text in searches:
                cursor.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(RETRIEVAL[kind])]
                )
                cursor.execute(_MATCHES[kind], {"text": text, "pk": question.pk or 0, "limit": LIMIT})
                proposed.update(pk for pk, _similarity in cursor.fetchall())
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true), "
                "set_config('pg_trgm.similarity_threshold', '0.3', true)",
                [timeout],
            )
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise DuplicateCheckTimedOut from error
        raise
    if not proposed:
        return []
    shown = (
        candidates.filter(pk__in=proposed)
        .annotate(prompt_prefix=Substr("body", 1, PROMPT_PREFIX))
        .only("pk", "title", "slug", "status")
    )
    return [NearDuplicate(other, round(_resemblance(question.title, prompt, other), 2)) for other in shown]


def _resemblance(title, prompt, other) -> float:
    by_title = resemblance(title, other.title)
    if prompt.strip() and other.prompt_prefix.strip():
        return max(by_title, resemblance(prompt, other.prompt_prefix))
    return by_title
