"""Undo the last grade: the card goes back to exactly the state its review
log recorded before the grade (or disappears, if that grade made it), the
log row goes, and the day's review count goes down by one.

Only a learner's most recent grade, only while it is still the card's
latest (a grade merged from a guest onto a newer card is not), and only for
UNDO_WINDOW: undo is for the slip of a finger, not for rewriting history."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Card, ReviewDay, ReviewLog
from .owners import Owner
from .scheduling import recall_test

UNDO_WINDOW = timedelta(hours=1)


def last_undoable(owner: Owner | None, now: datetime) -> ReviewLog | None:
    """The grade an undo button would take back, if any (one query)."""
    if owner is None:
        return None
    log = (
        ReviewLog.objects.owned_by(owner)
        .filter(reviewed_at__gte=now - UNDO_WINDOW)
        .select_related("question")
        .only("undoable", "reviewed_at", "card_id", "question__title", "question__slug")
        .order_by("-reviewed_at", "-pk")
        .first()
    )
    return log if log is not None and log.undoable else None


def undo_last(owner: Owner, now: datetime) -> ReviewLog | None:
    """Take back `owner`'s last grade; returns its (deleted) log, or None
    when there is nothing to undo."""
    with transaction.atomic():
        log = last_undoable(owner, now)
        if log is None:
            return None
        log = ReviewLog.objects.select_for_update().get(pk=log.pk)
        card = Card.objects.select_for_update().filter(pk=log.card_id).first()
        if card is None or card.last_review != log.reviewed_at:
            return None
        ReviewLog.objects.filter(pk=log.pk).delete()
        test, recalled = recall_test(log.elapsed_seconds, log.rating)
        if log.card_created:
            card.delete()
        else:
            card.state = log.prior_state
            card.step = log.prior_step
            card.stability = log.prior_stability
            card.difficulty = log.prior_difficulty
            card.due = log.prior_due
            card.last_review = log.prior_last_review
            card.recall_tests -= test
            card.recalled -= recalled
            card.save(
                update_fields=[
                    *("state", "step", "stability", "difficulty", "due", "last_review"),
                    *("recall_tests", "recalled"),
                ]
            )
        ReviewDay.objects.owned_by(owner).filter(
            day=timezone.localdate(log.reviewed_at),
            reviews__gt=0,
            recall_tests__gte=test,
            recalled__gte=recalled,
        ).update(
            reviews=F("reviews") - 1, recall_tests=F("recall_tests") - test, recalled=F("recalled") - recalled
        )
    return log
