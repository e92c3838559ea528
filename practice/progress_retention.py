"""True recall: of the grades given a day or more after a card's previous
review (a real test of memory, not a learning step), the share that was not
Again — per category (every test so far) and per week over the last
RETENTION_WEEKS.

Every grade keeps the counts on its card and on its day (Card and
ReviewDay's recall_tests and recalled), so the per-category figures are two
more sums in the progress page's one pass over the cards
(progress.card_counts) and the weekly ones read at most a row a day —
never the logs."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from .models import ReviewDay
from .owners import Owner

RETENTION_WEEKS = 12
BAR_WIDTH = 24
BAR_HEIGHT = 80


@dataclass
class Recall:
    tests: int
    recalled: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.recalled / self.tests) if self.tests else None


@dataclass
class RecallRow:
    label: str
    recall: Recall


def _per_day(owner: Owner | None, since: date) -> list[tuple[date, int, int]]:
    if owner is None:
        return []
    return list(
        ReviewDay.objects.owned_by(owner)
        .filter(day__gte=since, recall_tests__gt=0)
        .values_list("day", "recall_tests", "recalled")
    )


def retention(owner: Owner | None, categories, counts: list[dict]) -> dict:
    """`counts`: progress.card_counts's rows, with their recall sums."""
    per_category: dict[int, Recall] = {}
    for row in counts:
        recall = per_category.setdefault(row["question__category"], Recall(0, 0))
        recall.tests += row["recall_tests"] or 0
        recall.recalled += row["recalled"] or 0
    today = timezone.localdate()
    first_week = today - timedelta(days=today.weekday()) - timedelta(weeks=RETENTION_WEEKS - 1)
    per_week: dict[date, Recall] = {}
    for day, tests, recalled in _per_day(owner, first_week):
        week = per_week.setdefault(day - timedelta(days=day.weekday()), Recall(0, 0))
        week.tests += tests
        week.recalled += recalled
    weeks = []
    for i in range(RETENTION_WEEKS):
        week = first_week + timedelta(weeks=i)
        recall = per_week.get(week, Recall(0, 0))
        height = round(BAR_HEIGHT * recall.recalled / recall.tests) if recall.tests else 0
        weeks.append(
            {
                "label": date_format(week, "MONTH_DAY_FORMAT"),
                "recall": recall,
                "x": i * BAR_WIDTH,
                "height": height,
                "y": BAR_HEIGHT - height,
            }
        )
    rows = [RecallRow(category.label, per_category.get(category.pk, Recall(0, 0))) for category in categories]
    total = Recall(sum(row.recall.tests for row in rows), sum(row.recall.recalled for row in rows))
    return {
        "categories": rows,
        "weeks": weeks,
        "total": total,
        "width": RETENTION_WEEKS * BAR_WIDTH,
        "height": BAR_HEIGHT,
    }
