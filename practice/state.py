"""What the question page (and the practice page) shows of a learner's
practice of one question, in one query."""

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from questions.models import Question

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


def state_of(owner: Owner | None, question: Question) -> dict:
    due = note = None
    bookmarked = False
    if owner is not None:
        # The card's due date, the bookmark and the note: three index
        # lookups as subqueries of one statement.
        def mine(model):
            return model.objects.filter(question=OuterRef("pk"), **owner.columns())

        row = (
            Question.objects.filter(pk=question.pk)
            .annotate(
                card_due=Subquery(mine(Card).values("due")[:1]),
                bookmarked=Exists(mine(Bookmark)),
                note_text=Subquery(mine(Note).values("text")[:1]),
            )
            .values("card_due", "bookmarked", "note_text")
            .first()
        )
        if row:
            due, bookmarked, note = row["card_due"], row["bookmarked"], row["note_text"]
    return {
        "question": question,
        "is_new": due is None,
        "is_due": due is not None and due <= timezone.now(),
        "due": due,
        "bookmarked": bookmarked,
        "note": note,
    }
