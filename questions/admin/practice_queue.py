"""The editors' queue of questions candidates struggle with: a changelist
filter and a dashboard section, with the figures that put each question
there (PracticeSignal, written by practice's periodic job). Counts and
shares only: no candidate is named or linked."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Question

STRUGGLE_PARAMETER = "struggle"
STRUGGLING = "yes"


class StrugglingFilter(admin.SimpleListFilter):
    title = _("practice")
    parameter_name = STRUGGLE_PARAMETER

    def lookups(self, request, model_admin):
        return [(STRUGGLING, _("Candidates struggle here"))]

    def queryset(self, request, queryset):
        if self.value() == STRUGGLING:
            return queryset.struggling()
        return queryset


def practice_figures(signal) -> str:
    return gettext(
        "%(reviews)s reviews · %(again)s%% Again · %(lapses)s lapses · difficulty %(difficulty)s"
    ) % {
        "reviews": signal.reviews,
        "again": round(100 * signal.again_share),
        "lapses": signal.lapses,
        "difficulty": "–" if signal.mean_difficulty is None else f"{signal.mean_difficulty:.1f}",
    }


def struggling_rows(limit: int):
    """The first `limit` flagged questions, most Again grades first, each
    with its `queue_figures`; and how many are flagged in all (counted only
    when the list is full)."""
    questions = Question.objects.struggling()
    shown = list(
        questions.select_related("category", "practice_signal")
        .only(
            "pk", "title", "status", "updated_at", "category__name", "category__slug",
            "practice_signal__reviews", "practice_signal__again", "practice_signal__lapses",
            "practice_signal__mean_difficulty",
        )
        .order_by("-practice_signal__again", "pk")[:limit]
    )  # fmt: skip
    for question in shown:
        question.queue_figures = practice_figures(question.practice_signal)
    count = len(shown) if len(shown) < limit else questions.count()
    return shown, count


def changelist_query() -> dict:
    return {STRUGGLE_PARAMETER: STRUGGLING}
