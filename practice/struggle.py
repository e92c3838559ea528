"""Signals from practice: which questions candidates get wrong far more often
than the rest of the bank, so that an editor rereads their answers.

Per question, across every candidate and guest: reviews, grades *Again*,
lapses (an *Again* at least a day after the card's previous review: forgotten
once learnt, not a first attempt), FSRS's mean difficulty of its cards, and
the key point its typed answers miss most often (practice/missed_points.py).
Only these counts are written (questions' PracticeSignal); nothing names a
candidate.

A question is flagged when the lower end of the Wilson score interval of its
*Again* share — at z = settings.STRUGGLE_Z, 3.29 by default, 99.9 %
one-sided — is at least the bank's share plus settings.STRUGGLE_MARGIN. The
interval is what makes few reviews no evidence: three *Again*s out of three
give a lower bound of 0.22, twenty out of twenty 0.65; with the bank at 20 %
*Again*, only the second is flagged. The margin keeps a question that is
only a little harder than the rest (which a large bank shows with
certainty) out of the queue. A key point is shown as "most often missed" —
and flags its question too — by the same test: its missed share against the
share of all key-point verdicts in the bank that are misses.

Recomputed by a periodic job (practice/tasks.py), three grouped reads of the
log, the cards and the typed answers, never in a request.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from questions.keypoints.parse import MAX_STATEMENT_LENGTH
from questions.models import PracticeSignal

from .missed_points import PointTally, tally_missed_points
from .models import Card, ReviewLog

LAPSE_AFTER = timedelta(days=1)
WRITE_BATCH = 1_000


def wilson_lower_bound(hits: int, trials: int, z: float | None = None) -> float:
    if trials == 0:
        return 0.0
    z = settings.STRUGGLE_Z if z is None else z
    share = hits / trials
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return (share + z * z / (2 * trials) - spread) / (1 + z * z / trials)


def is_struggling(hits: int, trials: int, bank_share: float) -> bool:
    """Whether `hits` of `trials` (Again grades of reviews, misses of typed
    answers) is far enough above the bank's share, counting the count."""
    return trials > 0 and wilson_lower_bound(hits, trials) >= bank_share + settings.STRUGGLE_MARGIN


def most_missed(tallies: list[PointTally], bank_share: float) -> PointTally | None:
    """The point missed most surely (the highest lower bound) among those
    missed far more often than the bank's points are; None when none is."""
    evidence = [tally for tally in tallies if is_struggling(tally.missed, tally.checked, bank_share)]
    return max(evidence, key=lambda tally: wilson_lower_bound(tally.missed, tally.checked), default=None)


def refresh_practice_signals() -> int:
    """Recomputes every question's signal from the log and the typed
    answers; returns how many questions are flagged."""
    again = Q(rating=ReviewLog.Rating.AGAIN)
    counts = (
        ReviewLog.objects.order_by()
        .values("question_id")
        .annotate(
            reviews=Count("pk"),
            again=Count("pk", filter=again),
            lapses=Count("pk", filter=again & Q(elapsed_seconds__gte=LAPSE_AFTER.total_seconds())),
        )
    )
    rows = {row["question_id"]: row for row in counts}
    difficulties = dict(
        Card.objects.order_by()
        .filter(question_id__in=rows, difficulty__isnull=False)
        .values("question_id")
        .annotate(mean=Avg("difficulty"))
        .values_list("question_id", "mean")
    )
    missed = tally_missed_points()
    missed_share = missed.bank_share
    total = sum(row["reviews"] for row in rows.values())
    bank_share = sum(row["again"] for row in rows.values()) / total if total else 0.0
    now = timezone.now()
    signals = []
    for pk in rows.keys() | missed.answers.keys():
        row = rows.get(pk, {"reviews": 0, "again": 0, "lapses": 0})
        point = most_missed(missed.points.get(pk, []), missed_share)
        signals.append(
            PracticeSignal(
                question_id=pk,
                reviews=row["reviews"],
                again=row["again"],
                lapses=row["lapses"],
                mean_difficulty=difficulties.get(pk),
                typed_answers=missed.answers.get(pk, 0),
                most_missed=point.statement[:MAX_STATEMENT_LENGTH] if point else "",
                most_missed_count=point.missed if point else None,
                most_missed_of=point.checked if point else None,
                struggling=point is not None or is_struggling(row["again"], row["reviews"], bank_share),
                computed_at=now,
            )
        )
    with transaction.atomic():
        # Questions whose reviews and typed answers are all gone (deleted
        # accounts) lose their row.
        PracticeSignal.objects.exclude(question_id__in=[signal.question_id for signal in signals]).delete()
        PracticeSignal.objects.bulk_create(
            signals,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["question"],
            update_fields=[
                "reviews",
                "again",
                "lapses",
                "mean_difficulty",
                "typed_answers",
                "most_missed",
                "most_missed_count",
                "most_missed_of",
                "struggling",
                "computed_at",
            ],
        )
    return sum(1 for signal in signals if signal.struggling)
