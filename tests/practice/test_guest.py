"""Practice without an account lasts the browser session and moves to the
account on login: nothing lost, no duplicate cards."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import scheduling
from practice.models import Bookmark, Card, MockInterview, Note, PracticeSettings, ReviewDay, ReviewLog
from practice.owners import GUEST_SESSION_KEY, Owner
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client, owner, settings_form

pytestmark = [pytest.mark.django_db]

PASSWORD = "correct horse battery staple"


def _log_in(client, user):
    """Through the site's own login page (django-axes and all)."""
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_guest_practises_for_the_session():
    question = QuestionFactory()
    client = english_client()
    assert client.get(reverse("practice:home")).context["next"].question == question
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 3})
    card = Card.objects.get()
    assert card.user is None
    assert card.guest_key is not None
    assert str(card.guest_key) == client.session[GUEST_SESSION_KEY]
    # Another browser has its own (empty) practice.
    other = english_client()
    assert other.get(reverse("practice:progress")).context["categories"][0].seen == 0


def test_reading_pages_stores_nothing_for_a_guest():
    QuestionFactory()
    client = english_client()
    client.get(reverse("practice:home"))
    client.get(reverse("practice:progress"))
    assert GUEST_SESSION_KEY not in client.session


def test_login_moves_the_guest_practice_to_the_account_without_duplicates():
    user = UserFactory(password=PASSWORD)
    shared, guest_only, account_only = QuestionFactory(), QuestionFactory(), QuestionFactory()
    now = timezone.now()
    # The account reviewed `shared` long ago; the guest reviewed it just now.
    scheduling.grade(owner(user), shared, 1, now=now - timedelta(days=10))
    scheduling.grade(owner(user), account_only, 3, now=now - timedelta(days=9))
    client = english_client()
    client.post(reverse("practice:grade"), {"question": shared.pk, "rating": 4})
    client.post(reverse("practice:grade"), {"question": guest_only.pk, "rating": 3})
    client.post(reverse("practice:bookmark", args=[shared.pk]))
    client.post(reverse("practice:save_note", args=[guest_only.pk]), {"text": "guest note"})
    client.post(reverse("practice:settings"), settings_form(daily_new_limit=3))
    client.post(reverse("practice:mock_new"), {"question_count": 2, "minutes_per_question": 1})
    guest_card = Card.objects.get(question=shared, guest_key__isnull=False)

    _log_in(client, user)

    cards = Card.objects.filter(user=user)
    assert sorted(cards.values_list("question_id", flat=True)) == sorted(
        [shared.pk, guest_only.pk, account_only.pk]
    )
    assert not Card.objects.filter(guest_key__isnull=False).exists()
    kept = cards.get(question=shared)
    assert kept.pk == guest_card.pk  # the more recently reviewed one
    assert kept.reviews.count() == 2  # every log of both cards
    assert ReviewLog.objects.filter(user=user).count() == 4
    assert not ReviewLog.objects.filter(guest_key__isnull=False).exists()
    assert sum(ReviewDay.objects.filter(user=user).values_list("reviews", flat=True)) == 4
    assert not ReviewDay.objects.filter(guest_key__isnull=False).exists()
    assert Bookmark.objects.get().user == user
    assert Note.objects.get().user == user
    assert MockInterview.objects.get().user == user
    assert PracticeSettings.objects.get(user=user).daily_new_limit == 3
    assert GUEST_SESSION_KEY not in client.session


def test_the_account_card_wins_when_it_was_reviewed_later():
    user = UserFactory(password=PASSWORD)
    question = QuestionFactory()
    now = timezone.now()
    guest = Owner(guest_key=uuid.uuid4())
    scheduling.grade(guest, question, 1, now=now - timedelta(days=3))
    account_card, _ = scheduling.grade(owner(user), question, 4, now=now)
    client = english_client()
    session = client.session
    session[GUEST_SESSION_KEY] = str(guest.guest_key)
    session.save()

    _log_in(client, user)
    assert list(Card.objects.values_list("pk", flat=True)) == [account_card.pk]
    assert account_card.reviews.count() == 2


def test_notes_on_the_same_question_are_both_kept():
    user = UserFactory(password=PASSWORD)
    question = QuestionFactory()
    Note.objects.create(
        user=user, question=question, text="mine", updated_at=timezone.now() - timedelta(days=1)
    )
    client = english_client()
    client.post(reverse("practice:save_note", args=[question.pk]), {"text": "from the guest"})
    client.post(reverse("practice:bookmark", args=[question.pk]))
    Bookmark.objects.create(user=user, question=question)
    _log_in(client, user)
    note = Note.objects.get()
    assert note.user == user
    assert "mine" in note.text
    assert "from the guest" in note.text
    assert Bookmark.objects.count() == 1


def test_review_days_on_the_same_day_add_up():
    user = UserFactory(password=PASSWORD)
    question, other = QuestionFactory(), QuestionFactory()
    scheduling.grade(owner(user), question, 3, now=timezone.now())
    client = english_client()
    client.post(reverse("practice:grade"), {"question": other.pk, "rating": 3})
    client.post(reverse("practice:grade"), {"question": other.pk, "rating": 3})
    _log_in(client, user)
    day = ReviewDay.objects.get()
    assert (day.user, day.day, day.reviews) == (user, timezone.localdate(), 3)


def test_signing_up_keeps_the_guest_practice():
    question = QuestionFactory()
    client = english_client()
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 3})
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newbie", "email": "newbie@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    card = Card.objects.get()
    assert card.user.username == "newbie"
    assert card.reviews.get().user == card.user
