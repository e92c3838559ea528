"""True retention: of the grades given a day or more after a card's previous
review (a real test of memory, not a learning step), the share that was not
Again — per category and per week, over the last RETENTION_WEEKS.

One GROUP BY (category, week) over the window's review logs, read through
the (user, reviewed_at) index; the per-category and per-week figures are
its row and column sums."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format

from .models import ReviewLog
from .owners import Owner

RETENTION_WEEKS = 12
A_DAY = 86_400
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


def _rows(owner: Owner | None, since: date) -> list[dict]:
    start = timezone.make_aware(datetime.combine(since, time.min))
    return list(
        ReviewLog.objects.owned_by(owner)
        .filter(reviewed_at__gte=start, elapsed_seconds__gte=A_DAY)
        .annotate(week=TruncWeek("reviewed_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("question__category", "week")
        .annotate(tests=Count("pk"), recalled=Count("pk", filter=~Q(rating=ReviewLog.Rating.AGAIN)))
    )


def retention(owner: Owner | None, categories) -> dict:
    today = timezone.localdate()
    first_week = today - timedelta(days=today.weekday()) - timedelta(weeks=RETENTION_WEEKS - 1)
    rows = _rows(owner, first_week) if owner is not None else []
    per_category: dict[int, Recall] = {}
    per_week: dict[date, Recall] = {}
    for row in rows:
        week = timezone.localtime(row["week"]).date()
        for key, table in ((row["question__category"], per_category), (week, per_week)):
            recall = table.setdefault(key, Recall(0, 0))
            recall.tests += row["tests"]
            recall.recalled += row["recalled"]
    categories = [
        RecallRow(category.label, per_category.get(category.pk, Recall(0, 0))) for category in categories
    ]
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
    total = Recall(
        sum(r.tests for r in per_category.values()), sum(r.recalled for r in per_category.values())
    )
    return {
        "categories": categories,
        "weeks": weeks,
        "total": total,
        "width": RETENTION_WEEKS * BAR_WIDTH,
        "height": BAR_HEIGHT,
    }
