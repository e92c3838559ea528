"""The day-by-day plan toward an interview: for each day until it, the
reviews already due that day, the new questions to meet, and the workload
(grades) they make, with a warning on the days over the learner's limits.

A few index walks (in-scope cards per due day; in-scope questions and
the learner's cards of them) and arithmetic: a few milliseconds for thousands of cards
(`make bench-practice`). The arithmetic, `lay_out`, takes plain numbers so
that it is tested without a database."""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .interview import FINAL_DAYS, Interview
from .owners import Owner
from .preferences import Preferences


@dataclass
class PlanDay:
    day: date
    reviews: int
    new: int
    workload: int  # grades: the reviews, and each new question's learning steps
    over_limit: bool


@dataclass
class Plan:
    interview: Interview
    days_left: int
    in_scope: int  # published questions in scope
    unseen: int  # of those, never practised
    new_per_day: int
    days: list[PlanDay]

    @property
    def over_limit(self) -> bool:
        return any(day.over_limit for day in self.days)

    @property
    def busiest(self) -> int:
        return max((day.workload for day in self.days), default=0)


def lay_out(
    today: date,
    interview: Interview,
    due_per_day: dict[date, int],
    unseen: int,
    preferences: Preferences,
) -> tuple[int, list[PlanDay]]:
    """(new per day, the days from today to the eve of the interview).
    Overdue cards count today; each new question is graded once per
    learning step plus once, the day it is met, and once more in the last
    days (its capped review, spread over them)."""
    new_per_day = interview.new_per_day(unseen, today)
    grades_per_new = len(preferences.steps()) + 1
    days = []
    left = unseen
    last_days = [interview.day - timedelta(days=k) for k in range(1, FINAL_DAYS + 1)]
    last_days = [day for day in last_days if day >= today] or [today]
    first_looks = 0
    day = today
    while day < interview.day:
        if day == today:
            reviews = sum(count for due, count in due_per_day.items() if due <= today)
        else:
            reviews = due_per_day.get(day, 0)
        new = min(left, new_per_day) if day < interview.new_until() or day == today else 0
        left -= new
        first_looks += new
        days.append([day, reviews, new])
        day += timedelta(days=1)
    # The second look of every question met on the way, in the last days,
    # spread evenly over them (as the cut due dates are).
    share, extra = divmod(first_looks, len(last_days))
    second_looks = {day: share + (1 if i < extra else 0) for i, day in enumerate(last_days)}
    for entry in days:
        entry[1] += second_looks.get(entry[0], 0)
    plan = []
    for day, reviews, new in days:
        workload = reviews + new * grades_per_new
        over = new > preferences.daily_new_limit or reviews > preferences.daily_review_limit
        plan.append(PlanDay(day, reviews, new, workload, over))
    return new_per_day, plan


def due_per_day(owner: Owner | None, interview: Interview) -> dict[date, int]:
    """In-scope cards due before the interview, per local day (one GROUP BY)."""
    rows = (
        interview.cards(owner)
        .filter(due__lt=interview.deadline)
        .annotate(day=TruncDate("due", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    return dict(rows)


def counts(owner: Owner | None, interview: Interview) -> tuple[int, int]:
    """(questions in scope, of them unseen): the published questions in
    scope, less the learner's cards of them (one card per question), two
    counts that each walk an index."""
    total = interview.questions().count()
    seen = interview.cards(owner).count() if owner is not None else 0
    return total, total - seen


def build(owner: Owner | None, preferences: Preferences, now: datetime) -> Plan | None:
    interview = Interview.of(preferences)
    if interview is None or not interview.is_ahead(now):
        return None
    today = timezone.localdate(now)
    in_scope, unseen = counts(owner, interview)
    new_per_day, days = lay_out(today, interview, due_per_day(owner, interview), unseen, preferences)
    return Plan(interview, interview.days_left(today), in_scope, unseen, new_per_day, days)


def new_quota(owner: Owner | None, interview: Interview, new_today: int, today: date) -> int:
    """New in-scope questions allowed today so that all are met in time:
    the unseen ones at the start of today spread over the days left."""
    _, unseen = counts(owner, interview)
    return math.ceil((unseen + new_today) / max(1, (interview.new_until() - today).days))
