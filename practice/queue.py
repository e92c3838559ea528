"""What to practise next: due cards first (most overdue first), then new
questions in reading order, up to the learner's daily limit of new ones.
Only published questions, narrowed by the page's filters."""

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone

from questions.models import Question

from .models import DEFAULT_DAILY_NEW, Card, PracticeSettings
from .owners import GUEST_SETTINGS_KEY, Owner


@dataclass
class Filters:
    category: str = ""
    difficulty: str = ""
    tag: str = ""
    source: str = ""
    # A filter that could not be read narrows to nothing, not to everything.
    unreadable: bool = False

    def questions(self):
        if self.unreadable:
            return Question.objects.none()
        return Question.objects.published().with_filters(
            category=self.category or None,
            difficulty=self.difficulty or None,
            tags=[self.tag] if self.tag else (),
            source=self.source or None,
        )

    def cards(self, owner: Owner):
        if self.unreadable:
            return Card.objects.none()
        cards = Card.objects.owned_by(owner).of_published_questions()
        if self.category:
            cards = cards.filter(question__category__slug=self.category)
        if self.difficulty:
            cards = cards.filter(question__difficulty=self.difficulty)
        if self.source:
            cards = cards.filter(question__source__slug=self.source)
        if self.tag:
            cards = cards.filter(question__tags__slug=self.tag)
        return cards

    def as_params(self) -> dict:
        return {key: value for key, value in vars(self).items() if value and key != "unreadable"}


@dataclass
class Next:
    question: Question | None
    card: Card | None  # None: a new question
    new_left: int  # new questions still allowed today


def start_of_today() -> datetime:
    """Midnight in the current time zone (the site's, or the user's if a
    middleware activated theirs)."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today, time.min))


def daily_new_limit(request, owner: Owner | None) -> int:
    if owner is not None and owner.user_id is not None:
        limit = (
            PracticeSettings.objects.filter(user_id=owner.user_id)
            .values_list("daily_new_limit", flat=True)
            .first()
        )
        return DEFAULT_DAILY_NEW if limit is None else limit
    return request.session.get(GUEST_SETTINGS_KEY, DEFAULT_DAILY_NEW)


def new_today(owner: Owner | None) -> int:
    if owner is None:
        return 0
    return Card.objects.owned_by(owner).filter(created_at__gte=start_of_today()).count()


def next_card(owner: Owner | None, filters: Filters, *, limit: int, now: datetime) -> Next:
    due = filters.cards(owner).due(now).select_related("question__category", "question__source").first()
    new_left = max(0, limit - new_today(owner))
    if due is not None:
        return Next(due.question, due, new_left)
    if new_left == 0:
        return Next(None, None, 0)
    pk = first_unseen(owner, filters)
    question = None
    if pk is not None:
        question = Question.objects.select_related("category", "source").filter(pk=pk).first()
    return Next(question, None, new_left)


def first_unseen(owner: Owner | None, filters: Filters) -> int | None:
    """The pk of the first question in reading order that `owner` has no
    card for.

    Someone who has practised for a while has seen a long prefix of the
    reading order. As NOT EXISTS, Postgres would probe the cards once per
    seen question (a nested-loop anti-join, chosen because of the LIMIT 1:
    50 ms past 20,000); as NOT IN it reads the learner's card ids once into a
    hashed subplan and walks the reading-order index (practice migration
    0002) index-only against it."""
    candidates = filters.questions().in_reading_order().values_list("pk", flat=True)
    if owner is not None:
        seen = Card.objects.owned_by(owner).order_by().values("question_id")
        candidates = candidates.exclude(pk__in=seen)
    return candidates.first()


# The page says "100+ reviews due" beyond this: counting every due card
# (joined to its question's status) would grow with the backlog.
DUE_COUNT_CAP = 100


def due_count(owner: Owner | None, filters: Filters, now: datetime) -> int:
    """Due cards, counted up to DUE_COUNT_CAP + 1."""
    if owner is None:
        return 0
    return filters.cards(owner).filter(due__lte=now).order_by()[: DUE_COUNT_CAP + 1].count()
