"""A guest's practice moves to the account they sign up or log in with.

Nothing is lost and nothing is doubled: where both have a card for one
question, the one reviewed most recently is kept and every review log of
both is attached to it; bookmarks are unioned; of two notes on one question
the newer text is kept with the older appended; mock interviews and typed
answers move as they are.
"""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from . import preferences as guest_preferences
from .models import Bookmark, Card, MockInterview, Note, PracticeSettings, ReviewDay, ReviewLog, TypedAnswer
from .owners import GUEST_SESSION_KEY, Owner, guest_key_of


@receiver(user_logged_in, dispatch_uid="practice-merge-guest")
def _merge_on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    key = guest_key_of(request.session)
    if key is None:
        return
    merge_guest(Owner(guest_key=key), user, preferences=guest_preferences.of_guest(request.session))
    request.session.pop(GUEST_SESSION_KEY, None)
    guest_preferences.forget_guest(request.session)


def merge_guest(guest: Owner, user, *, preferences=None) -> None:
    """`preferences`: the guest's (practice.preferences.Preferences), kept
    only if the account has none of its own."""
    account = Owner(user_id=user.pk)
    with transaction.atomic():
        _merge_cards(guest, account)
        ReviewLog.objects.owned_by(guest).update(**account.assignment())
        _merge_review_days(guest, account)
        _merge_unique(Bookmark, guest, account)
        _merge_notes(guest, account)
        MockInterview.objects.owned_by(guest).update(**account.assignment())
        TypedAnswer.objects.owned_by(guest).update(**account.assignment())
        if preferences is not None and not PracticeSettings.objects.filter(user=user).exists():
            PracticeSettings.objects.create(user=user, **preferences.as_dict())


def _merge_cards(guest: Owner, account: Owner) -> None:
    guest_cards = {card.question_id: card for card in Card.objects.owned_by(guest).select_for_update()}
    if not guest_cards:
        return
    account_cards = {
        card.question_id: card
        for card in Card.objects.owned_by(account).filter(question_id__in=guest_cards).select_for_update()
    }
    for question_id, account_card in account_cards.items():
        guest_card = guest_cards[question_id]
        keep, drop = (
            (guest_card, account_card)
            if _reviewed_later(guest_card, account_card)
            else (account_card, guest_card)
        )
        ReviewLog.objects.filter(card=drop).update(card=keep)
        drop.delete()
        # Every log is the kept card's now, so are their recall counts.
        keep.recall_tests += drop.recall_tests
        keep.recalled += drop.recalled
        if keep is guest_card:
            keep.created_at = min(guest_card.created_at, account_card.created_at)
        keep.save(update_fields=["created_at", "recall_tests", "recalled"])
    Card.objects.owned_by(guest).update(**account.assignment())


def _reviewed_later(card, other) -> bool:
    if card.last_review is None:
        return False
    return other.last_review is None or card.last_review > other.last_review


def _merge_unique(model, guest: Owner, account: Owner) -> None:
    taken = model.objects.owned_by(account).values("question_id")
    model.objects.owned_by(guest).filter(question_id__in=taken).delete()
    model.objects.owned_by(guest).update(**account.assignment())


def _merge_notes(guest: Owner, account: Owner) -> None:
    guest_notes = {note.question_id: note for note in Note.objects.owned_by(guest)}
    for note in Note.objects.owned_by(account).filter(question_id__in=guest_notes):
        other = guest_notes.pop(note.question_id)
        newer, older = (other, note) if other.updated_at > note.updated_at else (note, other)
        if older.text.strip() and older.text.strip() != newer.text.strip():
            note.text = f"{newer.text}\n\n{older.text}"[: Note._meta.get_field("text").max_length]
        else:
            note.text = newer.text
        note.updated_at = newer.updated_at
        note.save(update_fields=["text", "updated_at"])
        other.delete()
    Note.objects.owned_by(guest).update(**account.assignment())


def _merge_review_days(guest: Owner, account: Owner) -> None:
    guest_days = {row.day: row for row in ReviewDay.objects.owned_by(guest)}
    for row in ReviewDay.objects.owned_by(account).filter(day__in=guest_days).select_for_update():
        guest_row = guest_days.pop(row.day)
        row.reviews += guest_row.reviews
        row.recall_tests += guest_row.recall_tests
        row.recalled += guest_row.recalled
        row.save(update_fields=["reviews", "recall_tests", "recalled"])
    ReviewDay.objects.owned_by(guest).exclude(day__in=guest_days).delete()
    ReviewDay.objects.owned_by(guest).update(**account.assignment())
