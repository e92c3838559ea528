"""Signals from practice: which questions candidates get wrong far more often
than the rest of the bank, so that an editor rereads their answers.

Per question, across every candidate and guest: reviews, grades *Again*,
lapses (an *Again* at least a day after the card's previous review: forgotten
once learnt, not a first attempt) and FSRS's mean difficulty of its cards.
Only these counts are written (questions' PracticeSignal); nothing names a
candidate.

A question is flagged when the lower end of the Wilson score interval of its
*Again* share — at z = 3.29, 99.9 % one-sided — is at least the bank's share
plus STRUGGLE_MARGIN. The interval is what makes few reviews no evidence:
three *Again*s out of three give a lower bound of 0.22, twenty out of twenty
0.65; with the bank at 20 % *Again*, only the second is flagged. The margin
keeps a question that is only a little harder than the rest (which a large
bank shows with certainty) out of the queue.

Recomputed by a periodic job (practice/tasks.py), two grouped reads of the
log and the cards, never in a request.
"""

import math
from datetime import timedelta

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from questions.models import PracticeSignal

from .models import Card, ReviewLog

STRUGGLE_Z = 3.29
STRUGGLE_MARGIN = 0.15
LAPSE_AFTER = timedelta(days=1)
WRITE_BATCH = 1_000


def wilson_lower_bound(hits: int, trials: int, z: float = STRUGGLE_Z) -> float:
    if trials == 0:
        return 0.0
    share = hits / trials
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return (share + z * z / (2 * trials) - spread) / (1 + z * z / trials)


def is_struggling(again: int, reviews: int, bank_share: float) -> bool:
    return wilson_lower_bound(again, reviews) >= bank_share + STRUGGLE_MARGIN


def refresh_practice_signals() -> int:
    """Recomputes every question's signal from the log; returns how many
    questions are flagged."""
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
    total = sum(row["reviews"] for row in rows.values())
    bank_share = sum(row["again"] for row in rows.values()) / total if total else 0.0
    now = timezone.now()
    signals = [
        PracticeSignal(
            question_id=pk,
            reviews=row["reviews"],
            again=row["again"],
            lapses=row["lapses"],
            mean_difficulty=difficulties.get(pk),
            struggling=is_struggling(row["again"], row["reviews"], bank_share),
            computed_at=now,
        )
        for pk, row in rows.items()
    ]
    with transaction.atomic():
        # Questions whose reviews are all gone (deleted accounts) lose their row.
        PracticeSignal.objects.exclude(question_id__in=rows).delete()
        PracticeSignal.objects.bulk_create(
            signals,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["question"],
            update_fields=["reviews", "again", "lapses", "mean_difficulty", "struggling", "computed_at"],
        )
    return sum(1 for signal in signals if signal.struggling)
