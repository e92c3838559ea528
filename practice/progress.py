"""The "my progress" figures: per category counts, the streak, reviews per
day over the last year (a heatmap) and reviews due over the next 30 days.
A handful of GROUP BY queries whatever the history's length; the charts'
geometry is computed here so that templates only draw (the heatmap's 371
squares are drawn here too: see heatmap_squares)."""

import functools
import html
import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, DateField, Q, Sum, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from questions.models import Category

from .models import MATURE_STABILITY_DAYS, Card, ReviewDay
from .owners import Owner
from .progress_retention import retention
from .queue import Filters, next_due
from .timewords import when
from .today import start_of_today

HEATMAP_WEEKS = 53
FORECAST_DAYS = 30
CELL = 13  # px between heatmap squares
# Room for the weekday labels (left) and the month labels (above).
LABEL_LEFT = 30
LABEL_TOP = 14
BAR = 16  # px between forecast bars
BAR_HEIGHT = 100


@dataclass
class CategoryProgress:
    category: Category
    seen: int
    due_today: int
    mature: int


def card_counts(owner: Owner | None) -> list[dict]:
    """The learner's cards of published questions grouped by category and,
    for those due within FORECAST_DAYS, by local due day: one pass over the
    cards (and their questions' status) serves both the table and the
    forecast. At most 4 × 31 rows."""
    end_of_today = start_of_today() + timedelta(days=1)
    horizon = start_of_today() + timedelta(days=FORECAST_DAYS)
    due_day = Case(
        When(due__lt=horizon, then=TruncDate("due", tzinfo=timezone.get_current_timezone())),
        default=None,
        output_field=DateField(),
    )
    return list(
        Card.objects.owned_by(owner)
        .of_published_questions()
        .annotate(due_day=due_day)
        .order_by()
        .values("question__category", "due_day")
        .annotate(
            seen=Count("pk"),
            due_today=Count("pk", filter=Q(due__lt=end_of_today)),
            mature=Count("pk", filter=Q(stability__gte=MATURE_STABILITY_DAYS)),
            recall_tests=Sum("recall_tests"),
            recalled=Sum("recalled"),
        )
    )


def by_category(counts: list[dict], categories) -> list[CategoryProgress]:
    totals = {}
    for row in counts:
        total = totals.setdefault(row["question__category"], [0, 0, 0])
        total[0] += row["seen"]
        total[1] += row["due_today"]
        total[2] += row["mature"]
    return [CategoryProgress(category, *totals.get(category.pk, (0, 0, 0))) for category in categories]


def reviews_per_day(owner: Owner | None, since: date) -> dict[date, int]:
    """Reviews per day from `since` on, from the per-day counts every grade
    keeps (ReviewDay): at most one row a day whatever the number of reviews."""
    rows = ReviewDay.objects.owned_by(owner).filter(day__gte=since).values_list("day", "reviews")
    return dict(rows)


def streak(owner: Owner | None, days: dict[date, int], window_start: date) -> int:
    """Consecutive days with reviews up to today (or yesterday, while today's
    are still to come). Counted from the heatmap's days; only a streak as
    long as the whole window asks the database for older days."""
    day = timezone.localdate()
    if not days.get(day):
        day -= timedelta(days=1)
    count = 0
    while days.get(day):
        count += 1
        day -= timedelta(days=1)
        if day < window_start:
            older = reviews_per_day(owner, day - timedelta(days=3650))
            while older.get(day):
                count += 1
                day -= timedelta(days=1)
            break
    return count


@dataclass
class Cell:
    day: date
    count: int
    x: int
    y: int
    level: int


def heatmap(days: dict[date, int]) -> dict:
    today = timezone.localdate()
    # Columns are weeks starting on Monday; the last column holds today.
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    busiest = max(days.values(), default=0)
    cells = []
    day = first
    while day <= today:
        count = days.get(day, 0)
        level = 0 if count == 0 else max(1, math.ceil(4 * count / busiest))
        offset = (day - first).days
        cells.append(
            Cell(day, count, LABEL_LEFT + (offset // 7) * CELL, LABEL_TOP + (offset % 7) * CELL, level)
        )
        day += timedelta(days=1)
    total = sum(cell.count for cell in cells)
    active = sum(1 for cell in cells if cell.count)
    return {
        "cells": cells,
        "squares": heatmap_labels(first) + heatmap_squares(cells),
        "width": LABEL_LEFT + HEATMAP_WEEKS * CELL,
        "height": LABEL_TOP + 7 * CELL,
        "total": total,
        "active_days": active,
        "busiest": busiest,
        "first": first,
    }


@functools.lru_cache(maxsize=4096)
def day_label(language: str, day: date) -> str:
    """`day` as the active language (`language`, the key) writes a date. A
    page shows 401 of them, ~10 µs each to format; a day's label in a
    language never changes, so a worker formats each once."""
    return date_format(day, "DATE_FORMAT")


@functools.lru_cache(maxsize=64)
def _short_name(language: str, day: date, format_name: str) -> str:
    return date_format(day, format_name)


def heatmap_labels(first: date):
    """Month names above the week where each month begins, and Mon, Wed,
    Fri beside their rows, in the active language (decorative: every square
    has its full date; the SVG's summary says the rest)."""
    language = get_language()
    labels = []
    for row in (0, 2, 4):  # Monday, Wednesday, Friday
        name = _short_name(language, first + timedelta(days=row), "D")
        y = LABEL_TOP + row * CELL + 10
        labels.append(f'<text x="0" y="{y}" class="heat-label">{escape(name)}</text>')
    last_x = -100
    for week in range(HEATMAP_WEEKS):
        monday = first + timedelta(weeks=week)
        starts = [monday + timedelta(days=d) for d in range(7) if (monday + timedelta(days=d)).day == 1]
        if not starts and week:
            continue
        x = LABEL_LEFT + week * CELL
        if x - last_x < 3 * CELL:  # no two names on top of each other
            continue
        month = starts[0] if starts else monday
        labels.append(
            f'<text x="{x}" y="10" class="heat-label">{escape(_short_name(language, month, "M"))}</text>'
        )
        last_x = x
    return mark_safe("".join(labels))  # escaped names and numbers only


def heatmap_squares(cells: list[Cell]):
    """The heatmap's squares as SVG markup. A year of squares, each with its
    tooltip (a localised date and a plural), took the template language
    40–70 ms, most of the progress page's time; Python draws them in a few."""
    reviews = {}  # the tooltip's wording per count: a few distinct counts
    squares = []
    # Looked up once: the active language is a thread-local read (asgiref),
    # and Django's `escape` a lazy-aware wrapper; per square they were a
    # third of the heatmap's time.
    language = get_language()
    for cell in cells:
        if cell.count not in reviews:
            reviews[cell.count] = ngettext(
                "%(day)s: %(counter)s review", "%(day)s: %(counter)s reviews", cell.count
            )
        title = reviews[cell.count] % {"day": day_label(language, cell.day), "counter": cell.count}
        squares.append(
            f'<rect x="{cell.x}" y="{cell.y}" width="11" height="11" rx="2" class="heat heat-{cell.level}">'
            f"<title>{html.escape(title)}</title></rect>"
        )
    return mark_safe("".join(squares))  # numbers and escaped text only


def forecast(counts: list[dict]) -> dict:
    today = timezone.localdate()
    per_day = {}
    for row in counts:
        if row["due_day"] is not None:
            day = max(row["due_day"], today)  # overdue cards are due today
            per_day[day] = per_day.get(day, 0) + row["seen"]
    busiest = max(per_day.values(), default=0)
    bars = []
    for i in range(FORECAST_DAYS):
        day = today + timedelta(days=i)
        count = per_day.get(day, 0)
        height = round(BAR_HEIGHT * count / busiest) if busiest else 0
        label = day_label(get_language(), day)  # for the tooltip and the table
        title = ngettext("%(day)s: %(counter)s due", "%(day)s: %(counter)s due", count) % {
            "day": label,
            "counter": count,
        }
        bars.append(
            {
                "day": day,
                "label": label,
                "title": title,
                "count": count,
                "x": i * BAR,
                "height": height,
                "y": BAR_HEIGHT - height,
            }
        )
    return {
        "bars": bars,
        "width": FORECAST_DAYS * BAR,
        "height": BAR_HEIGHT,
        "total": sum(bar["count"] for bar in bars),
        "busiest": busiest,
    }


def summary(owner: Owner | None) -> dict:
    today = timezone.localdate()
    window_start = today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    days = reviews_per_day(owner, window_start)
    counts = card_counts(owner)
    upcoming = next_due(owner, Filters())
    categories = list(Category.objects.all())
    return {
        "retention": retention(owner, categories, counts),
        # The same queryset as the practice page's "your next card is due …".
        "next_due": when(upcoming, timezone.now()) if upcoming else None,
        "categories": by_category(counts, categories),
        "streak": streak(owner, days, window_start),
        "heatmap": heatmap(days),
        "forecast": forecast(counts),
        "reviewed_today": days.get(today, 0),
    }
