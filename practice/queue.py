"""What to practise next: due cards first (most overdue first), then new
questions in reading order, up to the learner's daily limit of new ones.
Only published questions, narrowed by the page's filters."""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db import connection
from django.db.models import BigIntegerField, BooleanField, Exists, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from questions.models import Question

from . import due_cards
from .due_cards import SHOWN_FIELDS
from .interview import Interview
from .interview_plan import new_quota
from .models import Card, ReadingCursor
from .owners import Owner
from .today import Today
from .today import of as today_of


@dataclass
class Filters:
    category: str = ""
    difficulty: str = ""
    tag: str = ""
    source: str = ""
    # A filter that could not be read narrows to nothing, not to everything.
    unreadable: bool = False
    # An interview's scope (new questions in it come first), not from the URL.
    scope: Q | None = None

    def questions(self):
        if self.unreadable:
            return Question.objects.none()
        questions = Question.objects.published().with_filters(
            category=self.category or None,
            difficulty=self.difficulty or None,
            tags=[self.tag] if self.tag else (),
            source=self.source or None,
        )
        if self.scope is not None:
            questions = questions.filter(self.scope)
        return questions

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
        return {
            key: value for key, value in vars(self).items() if value and key not in {"unreadable", "scope"}
        }


@dataclass
class Next:
    question: Question | None
    card: Card | None  # None: a new question
    new_left: int  # new questions still allowed today
    # Today's limit of reviews is met: cards in review wait for tomorrow
    # (learning and relearning steps go on).
    review_limit_met: bool = False
    # Today's limit of new questions (the learner's, or more for an interview).
    new_limit: int = 0
    # Some card is due now (if the review limit holds it back, `card` is
    # another or None): without one there are no due cards to count.
    any_due: bool = False


def next_card(
    owner: Owner | None,
    filters: Filters,
    *,
    limit: int,
    now: datetime,
    review_limit: int | None = None,
    interview: Interview | None = None,
    today: Today | None = None,
) -> Next:
    """The next card: due ones first, then a new question. `review_limit`
    (grades a day) holds back only cards in review: a learner in their
    steps goes on. With an interview
    ahead, new questions in its scope come first, and as many a day as
    meeting all of them in time takes (more than `limit` if need be: the
    interview page warns). `today` is the learner's day if the caller has
    read it (practice.today), else it is read here."""
    if today is None:
        today = today_of(owner, now)
    due = due_cards.first_due(owner, filters, now)
    any_due = due is not None
    limit_met = False
    if due is not None and due.state == Card.State.REVIEW and review_limit is not None:
        limit_met = today.reviews >= review_limit
        if limit_met:
            due = due_cards.first_due(owner, filters, now, learning_only=True)
    taken = today.new
    if interview is not None and interview.is_ahead(now):
        limit = max(limit, new_quota(owner, interview, taken, timezone.localdate(now)))
    new_left = max(0, limit - taken)
    if due is not None:
        return Next(due.question, due, new_left, limit_met, limit, any_due)
    if new_left == 0:
        return Next(None, None, 0, limit_met, limit, any_due)
    question = None
    if interview is not None and interview.is_ahead(now) and not interview.covers_everything:
        question = first_unseen(owner, replace(filters, scope=interview.scope()))
    return Next(question or first_unseen(owner, filters), None, new_left, limit_met, limit, any_due)


def next_due(owner: Owner | None, filters: Filters):
    """When the learner's next card is due (None: no card). The practice
    page's "next card" and the progress page's read this one queryset."""
    if owner is None:
        return None
    return filters.cards(owner).order_by("due").values_list("due", flat=True).first()


# Reading order (source, position in it, id; NULLs last) as a key without
# NULLs, so that "at or after the cursor" is one row comparison that the
# reading-key index (practice migration 0003) answers as a range.
LAST = 2**63 - 1
READING_KEY = (Coalesce("source_id", Value(LAST)), Coalesce("source_position", Value(LAST)), F("pk"))


class RowAtOrAfter(Func):
    """(a, b, c) >= (x, y, z), compared as rows (lexicographically)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        half = len(compiled) // 2
        left = ", ".join(sql for sql, _ in compiled[:half])
        right = ", ".join(sql for sql, _ in compiled[half:])
        return f"({left}) >= ({right})", [param for _, params in compiled for param in params]


def first_unseen(owner: Owner | None, filters: Filters) -> Question | None:
    """The first question in reading order that `owner` has no card for,
    in one statement (two when a user's cursor moves).

    Someone who has practised for a while has seen a long prefix of the
    reading order; walking past it costs time in proportion to it (27 ms
    past 20,000 on the benchmark). A user's ReadingCursor remembers where
    the seen prefix ends and the walk starts there: a few entries of the
    reading-key index whatever the history, each probed in the (user,
    question) unique index by NOT EXISTS. Without a cursor (a guest, a first
    visit, one forgotten by the triggers that keep its promise) the walk
    starts at the beginning, once; an unfiltered queue then leaves the
    cursor at what it found. A filtered one reads the cursor (its promise
    holds for any subset) but does not move it."""
    candidates = filters.questions().order_by(*READING_KEY)
    cursor = None
    if owner is not None:
        candidates = candidates.filter(
            ~Exists(Card.objects.owned_by(owner).filter(question_id=OuterRef("pk")))
        )
        if owner.user_id is not None:
            cursor = owner.user_id
            start = [_cursor_field(cursor, column) for column in ("source", "position", "question")]
            candidates = candidates.filter(RowAtOrAfter(*READING_KEY, *start))
    first_id = candidates.values("pk")[:1]
    # Its place in the reading order too, where the cursor may move to.
    row = Question.objects.only(*SHOWN_FIELDS, "source", "source_position").filter(pk=Subquery(first_id))
    if cursor is not None:
        row = row.annotate(cursor_at=_cursor_field(cursor, "question", default=None))
    question = row.first()
    unfiltered = not filters.as_params() and not filters.unreadable and filters.scope is None
    if question is not None and cursor is not None and unfiltered and question.cursor_at != question.pk:
        _move_cursor(owner.user_id, question)
    return question


def _cursor_field(user_id: int, column: str, default: int | None = 0) -> RawSQL:
    """One column of the user's ReadingCursor (`default` without one), as a
    scalar subquery of the walk's statement. Plain SQL rather than
    Subquery(ReadingCursor.objects…): the four of them were most of the
    time the ORM took to build the statement (~2 ms of ~4 on the practice
    page, issue 22), and a primary-key lookup has nothing to compile."""
    sql = f"(SELECT {column} FROM {ReadingCursor._meta.db_table} WHERE user_id = %s)"
    if default is not None:
        sql = f"COALESCE({sql}, {int(default)})"
    return RawSQL(sql, [user_id], output_field=BigIntegerField())


def _move_cursor(user_id: int, question: Question) -> None:
    """Every published question before `question` has a card: remember it.
    One statement, safe when two tabs move it at once."""
    table = ReadingCursor._meta.db_table
    key = [LAST if value is None else value for value in (question.source_id, question.source_position)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, source, position, question) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (user_id) DO UPDATE SET "
            "source = EXCLUDED.source, position = EXCLUDED.position, question = EXCLUDED.question",
            [user_id, *key, question.pk],
        )


# The page says "100+ reviews due" beyond this: counting every due card
# (joined to its question's status) would grow with the backlog.
DUE_COUNT_CAP = 100


def due_count(owner: Owner | None, filters: Filters, now: datetime) -> int:
    """Due cards, counted up to DUE_COUNT_CAP + 1."""
    return due_cards.count_due(owner, filters, now, cap=DUE_COUNT_CAP + 1)
