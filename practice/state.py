"""What the question page shows of a learner's practice of one question."""

from django.utils import timezone

from questions.models import Question

from .models import Bookmark, Card, Note
from .owners import Owner, owner_for, owner_of


def state_for(user_or_session, question: Question) -> dict | None:
    """For the question page: {"card", "is_new", "is_due", "due",
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


_UNKNOWN = object()


def state_of(owner: Owner | None, question: Question, *, card=_UNKNOWN) -> dict:
    """As `state_for`; `card` when the caller has already looked it up
    (None: the learner has none)."""
    note = None
    bookmarked = False
    if card is _UNKNOWN:
        card = None
        if owner is not None:
            card = Card.objects.owned_by(owner).filter(question=question).first()
    if owner is not None:
        bookmarked = Bookmark.objects.owned_by(owner).filter(question=question).exists()
        note = Note.objects.owned_by(owner).filter(question=question).first()
    return {
        "question": question,
        "card": card,
        "is_new": card is None,
        "is_due": card is not None and card.due <= timezone.now(),
        "due": card.due if card else None,
        "bookmarked": bookmarked,
        "note": note,
    }
