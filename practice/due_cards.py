"""The practice page's two reads of due cards, as hand-written statements:
the most overdue card with its question, and how many are due (up to a cap).

They are `Filters.cards(owner).due(now)` (practice/queue.py) — the owner's
cards of published questions narrowed by the page's filters, due by `now`,
most overdue first — said in SQL. Through the ORM (select_related, only, and a
capped count of the same) the two cost about 1.3 ms of the page's 4.4 to build,
more than Postgres took to run them (issue 22). Written once per filter shape
and run on a server-binding cursor (questions/models/prepared.py), each is
planned once per connection; the rows become model instances through
`Model.from_db()`, as the ORM's own are.
"""

from datetime import datetime
from functools import cache

from django.db import connections, router

from questions.models import Category, Question, Source, Tag
from questions.models.prepared import server_binding_cursor

from .models import Card
from .owners import Owner

# What the practice card reads of a question (templates/practice/practice.html,
# its badges and key points, the page's scripts): not its Markdown sources,
# its editor's note, its category or its source, which it does not show.
SHOWN_FIELDS = (
    "title",
    "slug",
    "difficulty",
    "status",
    "key_points",
    "body_html",
    "answer_html",
    "explanation_html",
    "solutions_html",
)
# What scheduling reads of a card (scheduling.to_fsrs).
CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")
# The narrowing filters, in the order their clauses are written.
FILTERS = ("category", "difficulty", "source", "tag")


def _column(model, name: str) -> str:
    return model._meta.get_field(name).column


def _loaded(model, names: tuple) -> list:
    """The fields read of `model`, in its own order, which `from_db()` expects."""
    wanted = {"id", *names}
    return [field for field in model._meta.concrete_fields if field.name in wanted]


CARD_LOADED = _loaded(Card, CARD_FIELDS)
QUESTION_LOADED = _loaded(Question, SHOWN_FIELDS)


@cache
def _from_where(owner_column: str, shape: frozenset, learning_only: bool) -> str:
    """FROM and WHERE of one filter shape: which filters are set, not their
    values (parameters), so that each shape is one statement to prepare."""
    card, question = Card._meta.db_table, Question._meta.db_table
    # The constants are written into the statement, not bound: a prepared
    # statement runs on Postgres' generic plan after five runs, which cannot
    # see a bound LIMIT or status and chose a plan four times slower for the
    # count (1.3 ms against 0.35, measured on the 5,000-question bench bank).
    published = Question.Status.PUBLISHED.value
    assert published.isalpha()
    clauses = [
        f"c.{owner_column} = %(owner)s",
        f"q.{_column(Question, 'status')} = '{published}'",
        f"c.{_column(Card, 'due')} <= %(now)s",
    ]
    if "category" in shape:
        clauses.append(
            f"q.{_column(Question, 'category')} = "
            f"(SELECT id FROM {Category._meta.db_table} WHERE {_column(Category, 'slug')} = %(category)s)"
        )
    if "difficulty" in shape:
        clauses.append(f"q.{_column(Question, 'difficulty')} = %(difficulty)s")
    if "source" in shape:
        clauses.append(
            f"q.{_column(Question, 'source')} = "
            f"(SELECT id FROM {Source._meta.db_table} WHERE {_column(Source, 'slug')} = %(source)s)"
        )
    if "tag" in shape:
        through = Question.tags.through._meta.db_table
        clauses.append(
            f"EXISTS (SELECT 1 FROM {through} qt JOIN {Tag._meta.db_table} t ON t.id = qt.tag_id "
            f"WHERE qt.question_id = q.id AND t.{_column(Tag, 'slug')} = %(tag)s)"
        )
    if learning_only:
        clauses.append(f"c.{_column(Card, 'state')} <> {int(Card.State.REVIEW)}")
    return f"FROM {card} c JOIN {question} q ON q.id = c.{_column(Card, 'question')} WHERE " + " AND ".join(
        clauses
    )


@cache
def _first_due_sql(owner_column: str, shape: frozenset, learning_only: bool) -> str:
    card_columns = ", ".join(f"c.{field.column}" for field in CARD_LOADED)
    question_columns = ", ".join(f"q.{field.column}" for field in QUESTION_LOADED)
    return (
        f"SELECT {card_columns}, {question_columns} "
        f"{_from_where(owner_column, shape, learning_only)} ORDER BY c.{_column(Card, 'due')} LIMIT 1"
    )


@cache
def _count_due_sql(owner_column: str, shape: frozenset, cap: int) -> str:
    return f"SELECT count(*) FROM (SELECT 1 {_from_where(owner_column, shape, False)} LIMIT {int(cap)}) due"


def _statement(owner: Owner, filters, now: datetime) -> tuple[str, frozenset, dict]:
    ((owner_column, owner_value),) = owner.columns().items()
    values = {name: getattr(filters, name) for name in FILTERS if getattr(filters, name)}
    params = {"owner": owner_value, "now": now, **values}
    return owner_column, frozenset(values), params


def _execute(sql: str, params: dict) -> tuple[str, tuple | None]:
    """(the database alias read, the first row)."""
    alias = router.db_for_read(Card)
    with server_binding_cursor(connections[alias]) as cursor:
        cursor.execute(sql, params)
        return alias, cursor.fetchone()


def first_due(owner: Owner | None, filters, now: datetime, *, learning_only: bool = False) -> Card | None:
    """The owner's most overdue card, its question loaded with the fields the
    practice card shows (`learning_only`: not a card in review, for a day
    whose review limit is met)."""
    if owner is None or filters.unreadable:
        return None
    owner_column, shape, params = _statement(owner, filters, now)
    alias, row = _execute(_first_due_sql(owner_column, shape, learning_only), params)
    if row is None:
        return None
    split = len(CARD_LOADED)
    card = Card.from_db(alias, [field.attname for field in CARD_LOADED], row[:split])
    card.question = Question.from_db(alias, [field.attname for field in QUESTION_LOADED], row[split:])
    return card


def count_due(owner: Owner | None, filters, now: datetime, *, cap: int) -> int:
    """How many of the owner's cards are due, counted up to `cap`."""
    if owner is None or filters.unreadable:
        return 0
    owner_column, shape, params = _statement(owner, filters, now)
    _alias, (count,) = _execute(_count_due_sql(owner_column, shape, cap), params)
    return count
