"""What the question page (and the practice page) shows of a learner's
practice of one question, in one query."""

from django.db import connections, router
from django.utils import timezone

from questions.models import Question
from questions.models.prepared import server_binding_cursor

from .models import Bookmark, Card, Note
from .owners import Owner, owner_for, owner_of


def state_for(user_or_session, question: Question) -> dict | None:
    """For the question page: {"question", "is_new", "is_due", "due",
    "bookmarked", "note"} of this learner — a user, a guest's session, or a
    request (its user, else its session's guest) — or None when the question
    cannot be practised (not published)."""
    if not question.is_published:
        return None
    if hasattr(user_or_session, "session") and hasattr(user_or_session, "user"):
        owner = owner_for(user_or_session)
    else:
        owner = owner_of(user_or_session)
    return state_of(owner, question)


# The card's due date, the bookmark and the note: three index lookups as
# subqueries of one statement, one per owner column. Said with the ORM
# (Subquery/Exists annotations on the question) it cost more to compile than
# the rest of a signed-in question page's queries to run; written once, it is
# planned once per connection (prepared.py) and read as a plain row, no model.
_STATE_SQL = """
SELECT (SELECT c.due FROM {card} c WHERE c.question_id = %(question)s AND c.{owner} = %(owner)s LIMIT 1),
       EXISTS(SELECT 1 FROM {bookmark} b WHERE b.question_id = %(question)s AND b.{owner} = %(owner)s),
       (SELECT n.text FROM {note} n WHERE n.question_id = %(question)s AND n.{owner} = %(owner)s LIMIT 1)
"""
_STATE_QUERIES = {
    owner_column: _STATE_SQL.format(
        card=Card._meta.db_table,
        bookmark=Bookmark._meta.db_table,
        note=Note._meta.db_table,
        owner=owner_column,
    )
    for owner_column in ("user_id", "guest_key")
}


def state_of(owner: Owner | None, question: Question) -> dict:
    due = note = None
    bookmarked = False
    if owner is not None:
        ((owner_column, owner_value),) = owner.columns().items()
        with server_binding_cursor(connections[router.db_for_read(Card)]) as cursor:
            cursor.execute(_STATE_QUERIES[owner_column], {"question": question.pk, "owner": owner_value})
            due, bookmarked, note = cursor.fetchone()
    return {
        "question": question,
        "is_new": due is None,
        "is_due": due is not None and due <= timezone.now(),
        "due": due,
        "bookmarked": bookmarked,
        "note": note,
    }
