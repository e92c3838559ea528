"""A learner's day as the practice page reads it, in one statement: the new
cards begun today, the grades given today, and the last grade if it can still
be undone.

They were three ORM queries (practice.queue's counts and
practice.undo.last_undoable), each costing more to compile than to run
(issue 22: ~0.5 ms of Python each, and the undo's join 1 ms, on a page of
10). Written once, the statement is planned once per connection
(questions.models.prepared) and read as a plain row.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db import connections, router
from django.utils import timezone

from questions.models import Question
from questions.models.prepared import server_binding_cursor

from .models import Card, ReviewDay, ReviewLog
from .owners import Owner
from .undo import UNDO_WINDOW

# The undo's conditions are undo.last_undoable's (which undoing itself
# reads, under a lock), one statement per owner column: each part a lookup
# in that column's index (practice_card_user_new,
# practice_reviewday_unique_user, practice_log_user_time, or the guest's).
_DAY_SQL = """
SELECT (SELECT count(*) FROM {card} c WHERE c.{owner} = %(owner)s AND c.created_at >= %(midnight)s),
       (SELECT d.reviews FROM {day} d WHERE d.{owner} = %(owner)s AND d.day = %(today)s LIMIT 1),
       last.id, last.card_id, last.question_id, last.reviewed_at, last.undoable, q.title, q.slug
FROM (SELECT 1) one
LEFT JOIN LATERAL (
    SELECT l.id, l.card_id, l.question_id, l.reviewed_at, l.undoable FROM {log} l
    WHERE l.{owner} = %(owner)s AND l.reviewed_at >= %(since)s
    ORDER BY l.reviewed_at DESC, l.id DESC LIMIT 1
) last ON true
LEFT JOIN {question} q ON q.id = last.question_id
"""
_DAY_QUERIES = {
    owner_column: _DAY_SQL.format(
        card=Card._meta.db_table,
        day=ReviewDay._meta.db_table,
        log=ReviewLog._meta.db_table,
        question=Question._meta.db_table,
        owner=owner_column,
    )
    for owner_column in ("user_id", "guest_key")
}


def start_of_today() -> datetime:
    """Midnight in the current time zone (the site's, or the user's if a
    middleware activated theirs)."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today, time.min))


@dataclass(frozen=True)
class Today:
    new: int = 0  # cards begun today: the daily limit of new ones counts them
    reviews: int = 0  # grades given today: the daily limit of reviews counts them
    # The grade an undo button would take back (undo.last_undoable): its
    # card, time and question's title and slug.
    undoable: ReviewLog | None = None


def of(owner: Owner | None, now: datetime) -> Today:
    """`owner`'s day (nothing for no owner): today in the current time zone;
    the undo window ends `now`."""
    if owner is None:
        return Today()
    ((owner_column, owner_value),) = owner.columns().items()
    params = {
        "owner": owner_value,
        "midnight": start_of_today(),
        "today": timezone.localdate(),
        "since": now - UNDO_WINDOW,
    }
    with server_binding_cursor(connections[router.db_for_read(Card)]) as cursor:
        cursor.execute(_DAY_QUERIES[owner_column], params)
        new, reviews, log_id, card_id, question_id, reviewed_at, undoable, title, slug = cursor.fetchone()
    log = None
    if log_id is not None and undoable:
        log = ReviewLog(
            pk=log_id,
            card_id=card_id,
            question=Question(pk=question_id, title=title, slug=slug),
            reviewed_at=reviewed_at,
            undoable=True,
            **owner.columns(),
        )
    return Today(new=new, reviews=reviews or 0, undoable=log)
