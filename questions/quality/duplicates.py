"""Near-duplicates of a question, by Postgres trigram similarity (pg_trgm).

Two questions are near-duplicates when their titles, or the first
`PROMPT_PREFIX` characters of their prompts, share at least
`SIMILARITY_THRESHOLD` of their trigrams (pg_trgm's `similarity()`: shared
trigrams over all distinct trigrams of both, 0 to 1). 0.5 was chosen on the
seed article and the benchmark bank: "什么是大模型？" and "什么是大模型的幻觉？"
(0.53) are flagged, questions that only share a template such as
"什么是…？" with different subjects (0.2–0.4) are not.

Both comparisons use the `%` operator, which a GIN trigram index answers
(questions_question_title_trgm, questions_question_prompt_trgm), then rank the
few candidates by similarity. Prompts are compared by their beginning only:
a prompt may be 15,000 characters and the index entry (and the comparison)
would grow with it, while a copied question shows in its first lines.

Computed on the change form only, for one question at a time: at most
`LIMIT` rows per comparison, and a statement timeout so that a pathological
title cannot hold the request.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import F, FloatField, Func, Value
from django.db.models.functions import Left

SIMILARITY_THRESHOLD = 0.5
PROMPT_PREFIX = 500
LIMIT = 5
STATEMENT_TIMEOUT_MS = 500


@dataclass(frozen=True)
class NearDuplicate:
    question: "Question"  # noqa: F821 (questions.models imports this module)
    similarity: float


class DuplicateCheckTimedOut(Exception):
    pass


def prompt_prefix():
    """The indexed expression; a query must spell it the same way to use the index."""
    return Left("body", PROMPT_PREFIX)


def near_duplicates(question, candidates=None) -> list[NearDuplicate]:
    """Up to LIMIT questions most similar to `question` by title or prompt,
    most similar first. `candidates`: the questions to look among (whom the
    user may see); raises DuplicateCheckTimedOut if the database gives up."""
    if candidates is None:
        candidates = type(question).objects.all()
    candidates = candidates.exclude(pk=question.pk)
    candidates = candidates.only("pk", "title", "slug", "status")
    found = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Local to the transaction (a savepoint inside a request's): put
            # back below so the rest of the request runs with the defaults.
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true), "
                "set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(STATEMENT_TIMEOUT_MS), str(SIMILARITY_THRESHOLD)],
            )
            timeout = cursor.fetchone()[0]
            by_title = candidates.filter(title__trigram_similar=question.title).annotate(
                similarity=_similarity(F("title"), question.title)
            )
            _keep_best(found, by_title.order_by("-similarity", "pk")[:LIMIT])
            prompt = (question.body or "")[:PROMPT_PREFIX]
            if prompt.strip():
                by_prompt = (
                    candidates.exclude(body="")
                    .alias(prompt_prefix=prompt_prefix())
                    .filter(prompt_prefix__trigram_similar=prompt)
                    .annotate(similarity=_similarity(prompt_prefix(), prompt))
                )
                _keep_best(found, by_prompt.order_by("-similarity", "pk")[:LIMIT])
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true), "
                "set_config('pg_trgm.similarity_threshold', '0.3', true)",
                [timeout],
            )
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise DuplicateCheckTimedOut from error
        raise
    ranked = sorted(found.values(), key=lambda d: (-d.similarity, d.question.pk))
    return ranked[:LIMIT]


def _similarity(expression, text):
    return Func(expression, Value(text), function="similarity", output_field=FloatField())


def _keep_best(found, rows):
    for row in rows:
        best = found.get(row.pk)
        if best is None or row.similarity > best.similarity:
            found[row.pk] = NearDuplicate(row, round(row.similarity, 2))
