"""An interview ahead: FSRS schedules for memory that lasts, so a card graded
Easy today could next come back months after the interview. Until the
interview day no card in its scope is due past it: an interval that would
end later is cut to one of the FINAL_DAYS before it (spread over those days
by question, so the last days share the load), so every in-scope card gets
a review just before the interview. New in-scope questions come first and
fast enough to be met before those last days (a second look then, besides
the learning steps of the first day). From the interview day on, nothing is
cut: FSRS's own intervals resume at the next grade.

The learning state itself (stability, difficulty) is always FSRS's: only
the due date moves, so the reviews in the last days are ordinary reviews."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from questions.models import Category, Question

from .models import Card
from .owners import Owner
from .preferences import Preferences

FINAL_DAYS = 3
# How far ahead an interview may be set: beyond it plain FSRS is the plan.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class Interview:
    day: date
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, preferences: Preferences) -> "Interview | None":
        if preferences.interview_date is None:
            return None
        return cls(preferences.interview_date, preferences.interview_categories, preferences.interview_tags)

    @property
    def deadline(self) -> datetime:
        """The start of the interview day in the active time zone: no
        in-scope card is due after it."""
        return timezone.make_aware(datetime.combine(self.day, time.min))

    def is_ahead(self, now: datetime) -> bool:
        return now < self.deadline

    @property
    def covers_everything(self) -> bool:
        return not self.categories and not self.tags

    def scope(self, question: str = "") -> Q:
        """In scope: of one of the categories or carrying one of the tags
        (everything when neither is given), as a filter on questions, or on
        rows that point at one through `question` ("question__") — an
        EXISTS for the tags, so that no join multiplies the rows."""
        scope = Q()
        if self.categories:
            # By id, not through a join on the slug: Postgres then knows how
            # many questions a category holds and plans accordingly.
            scope |= Q(**{f"{question}category_id__in": self.category_ids})
        if self.tags:
            tagged = Question.tags.through.objects.filter(tag__slug__in=self.tags)  # type: ignore[attr-defined]
            question_id = f"{question}id" if question else "pk"
            scope |= Q(Exists(tagged.filter(question_id=OuterRef(question_id))))
        return scope

    @cached_property
    def category_ids(self) -> tuple[int, ...]:
        # Read once per Interview (a page's queue, plan and grade share it).
        return tuple(Category.objects.filter(slug__in=self.categories).values_list("pk", flat=True))

    def questions(self):
        return Question.objects.published().filter(self.scope())

    def cards(self, owner: Owner | None):
        return Card.objects.owned_by(owner).of_published_questions().filter(self.scope("question__"))

    def covers(self, question: Question) -> bool:
        if self.covers_everything:
            return True
        return Question.objects.filter(self.scope(), pk=question.pk).exists()

    def days_left(self, today: date) -> int:
        return (self.day - today).days

    def new_until(self) -> date:
        """New questions are met before the last days (or on the first
        day, if the interview is that close)."""
        return self.day - timedelta(days=FINAL_DAYS)

    def new_per_day(self, unseen: int, today: date) -> int:
        """New in-scope questions a day to meet every unseen one in time."""
        days = max(1, (self.new_until() - today).days)
        return math.ceil(unseen / days)


def _spread(now: datetime, deadline: datetime) -> int:
    """Over how many of the last days the capped reviews are spread: never
    a day that has already begun."""
    whole_days = int((deadline - now).total_seconds() // 86400)
    return max(0, min(FINAL_DAYS, whole_days))


def capped_due(question_id: int, due: datetime, now: datetime, interview: Interview) -> datetime:
    deadline = interview.deadline
    if due < deadline or not interview.is_ahead(now):
        return due
    spread = _spread(now, deadline)
    if spread == 0:
        return deadline
    return deadline - timedelta(days=question_id % spread + 1)


def apply(owner: Owner, interview: Interview, now: datetime) -> int:
    """Cut the due dates of in-scope cards already scheduled past the
    interview (when it is set or moved): the same rule as a grade's, in one
    statement. Returns the number of cards moved."""
    if not interview.is_ahead(now):
        return 0
    deadline = interview.deadline
    spread = _spread(now, deadline)
    if spread == 0:
        new_due = RawSQL("%s", [deadline])
    else:
        new_due = RawSQL("%s - ((question_id %% %s) + 1) * interval '1 day'", [deadline, spread])
    return interview.cards(owner).filter(due__gte=deadline).update(due=new_due)
