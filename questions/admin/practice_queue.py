"""The figures beside each question of the "candidates struggle here" queue
(questions/editorial/content_queues.py) on the dashboard: what put it there
(PracticeSignal, written by practice's periodic job). Counts and shares
only: no candidate is named or linked."""

from django.utils.translation import gettext

from ..models import PracticeSignal


def practice_figures(signal) -> str:
    return gettext(
        "%(reviews)s reviews · %(again)s%% Again · %(lapses)s lapses · difficulty %(difficulty)s"
    ) % {
        "reviews": signal.reviews,
        "again": round(100 * signal.again_share),
        "lapses": signal.lapses,
        "difficulty": "–" if signal.mean_difficulty is None else f"{signal.mean_difficulty:.1f}",
    }


def attach_figures(questions: list) -> None:
    """Sets each question's `queue_figures` (one query for the list)."""
    if not questions:
        return
    signals = PracticeSignal.objects.in_bulk([question.pk for question in questions])
    for question in questions:
        signal = signals.get(question.pk)
        question.queue_figures = practice_figures(signal) if signal else ""
