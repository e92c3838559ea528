"""What practice says about a question, for editors: the figures beside each
question of the "candidates struggle here" queue
(questions/editorial/content_queues.py) on the dashboard, and the read-only
"Practice signals" panel of the change form (PracticeSignal, written by
practice's periodic job). Counts and shares only: no candidate is named or
linked."""

from django.utils.translation import gettext

from ..models import PracticeSignal


def practice_figures(signal) -> str:
    figures = gettext(
        "%(reviews)s reviews · %(again)s%% Again · %(lapses)s lapses · difficulty %(difficulty)s"
    ) % {
        "reviews": signal.reviews,
        "again": round(100 * signal.again_share),
        "lapses": signal.lapses,
        "difficulty": "–" if signal.mean_difficulty is None else f"{signal.mean_difficulty:.1f}",
    }
    missed = most_missed_figure(signal)
    return f"{figures} · {missed}" if missed else figures


def most_missed_figure(signal) -> str:
    """ "most often missed: “point” (n of m typed answers)", or "" when no
    point's misses are evidence."""
    if not signal.most_missed:
        return ""
    return gettext("most often missed: “%(point)s” (%(missed)s of %(checked)s typed answers)") % {
        "point": signal.most_missed,
        "missed": signal.most_missed_count,
        "checked": signal.most_missed_of,
    }


def attach_figures(questions: list) -> None:
    """Sets each question's `queue_figures` (one query for the list)."""
    if not questions:
        return
    signals = PracticeSignal.objects.in_bulk([question.pk for question in questions])
    for question in questions:
        signal = signals.get(question.pk)
        question.queue_figures = practice_figures(signal) if signal else ""


def practice_signal_context(question) -> dict:
    """The change form's "Practice signals" panel (one query)."""
    signal = PracticeSignal.objects.filter(question=question).first()
    return {
        "practice_signal": signal,
        "practice_figures": practice_figures(signal) if signal else "",
    }


class PracticeSignalAdminMixin:
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(practice_signal_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)
