"""The key points candidates' typed answers miss, counted per question for the
editors' signals (practice/struggle.py).

Each typed answer keeps the checker's verdict on every key point by the
point's statement as it read then (`TypedAnswer.point_verdicts`). One
grouped read counts, per question and statement, the answers checked
against it and those that missed it; only statements the question still has
are kept, so a point an editor rewrote starts afresh and a point added later
is not counted against answers that never saw it. Answers typed before the
verdicts were kept (None) are left out: unknown, not "covered everything".
Nothing here reads an answer's text or owner.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from questions.models import Question

from .models import TypedAnswer

_TALLY_SQL = """
SELECT typed.question_id, verdict.key, count(*), count(*) FILTER (WHERE verdict.value = 'false'::jsonb)
FROM {table} AS typed CROSS JOIN LATERAL jsonb_each(typed.point_verdicts) AS verdict
WHERE jsonb_typeof(typed.point_verdicts) = 'object'
GROUP BY typed.question_id, verdict.key
"""
_ANSWERS_SQL = """
SELECT question_id, count(*) FROM {table}
WHERE jsonb_typeof(point_verdicts) = 'object' AND point_verdicts <> '{{}}'::jsonb
GROUP BY question_id
"""
_READ_BATCH = 2_000


@dataclass(frozen=True)
class PointTally:
    statement: str
    missed: int
    checked: int


@dataclass(frozen=True)
class MissedPoints:
    """Per question: its typed answers checked against key points, and the
    tally of each key point it has now."""

    answers: dict[int, int]
    points: dict[int, list[PointTally]]

    @property
    def bank_share(self) -> float:
        """The share of (answer, point) verdicts across the bank that are misses."""
        checked = sum(tally.checked for tallies in self.points.values() for tally in tallies)
        missed = sum(tally.missed for tallies in self.points.values() for tally in tallies)
        return missed / checked if checked else 0.0


def tally_missed_points() -> MissedPoints:
    table = connection.ops.quote_name(TypedAnswer._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_ANSWERS_SQL.format(table=table))
        answers = dict(cursor.fetchall())
        cursor.execute(_TALLY_SQL.format(table=table))
        counted: dict[int, dict[str, tuple[int, int]]] = {}
        for question_id, statement, checked, missed in cursor:
            counted.setdefault(question_id, {})[statement] = (missed, checked)
    points = {
        question_id: [
            PointTally(statement, *counted[question_id][statement])
            for statement in statements
            if statement in counted[question_id]
        ]
        for question_id, statements in _current_statements(counted)
    }
    return MissedPoints(answers=answers, points={pk: tallies for pk, tallies in points.items() if tallies})


def _current_statements(counted: dict[int, dict]) -> Iterable[tuple[int, list[str]]]:
    """Each counted question's key point statements as they read now, in order, once each."""
    questions = (
        Question.objects.filter(pk__in=list(counted))
        .only("pk", "key_points")
        .order_by()
        .iterator(chunk_size=_READ_BATCH)
    )
    for question in questions:
        yield question.pk, list(dict.fromkeys(point.statement for point in question.parsed_key_points()))
