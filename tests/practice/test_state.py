"""The question page's practice box and the personal data export."""

import json
import uuid
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from accounts import personal_data as registry
from practice import personal_data, scheduling
from practice.models import Bookmark, Card, Note, PracticeSettings, ReviewLog
from practice.owners import GUEST_SESSION_KEY, Owner
from practice.state import state_for
from questions.models import Question
from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client, owner

pytestmark = [pytest.mark.django_db]


def test_state_of_a_new_question():
    state = state_for(UserFactory(), QuestionFactory())
    assert state["is_new"]
    assert not state["bookmarked"]
    assert state["note"] is None
    assert state["due"] is None


def test_state_of_a_scheduled_bookmarked_question():
    user, question = UserFactory(), QuestionFactory()
    card, _ = scheduling.grade(owner(user), question, 4, now=timezone.now())
    Bookmark.objects.create(user=user, question=question)
    Note.objects.create(user=user, question=question, text="remember <this>")
    state = state_for(user, question)
    assert not state["is_new"]
    assert not state["is_due"]
    assert state["due"] == card.due
    assert state["bookmarked"]
    html = render_to_string(
        "includes/practice_state.html",
        {"practice_state": state, "request": RequestFactory().get("/")},
    )
    assert "Bookmarked" in html or "已收藏" in html
    assert "remember &lt;this&gt;" in html
    assert state["note"] == "remember <this>"


def test_state_for_a_guest_session_and_for_nobody():
    question = QuestionFactory()
    session = SessionStore()
    assert state_for(session, question)["is_new"]
    guest = Owner(guest_key=uuid.uuid4())
    session[GUEST_SESSION_KEY] = str(guest.guest_key)
    scheduling.grade(guest, question, 1, now=timezone.now() - timedelta(days=1))
    assert state_for(session, question)["is_due"]


def test_no_state_for_an_unpublished_question():
    assert state_for(UserFactory(), QuestionFactory(status=Question.Status.DRAFT)) is None


def test_export_holds_everything_of_the_user_and_nothing_of_others():
    user, other = UserFactory(), UserFactory()
    question = QuestionFactory()
    scheduling.grade(owner(user), question, 3, now=timezone.now(), duration_ms=1500)
    scheduling.grade(owner(other), question, 1, now=timezone.now())
    Bookmark.objects.create(user=user, question=question)
    Note.objects.create(user=user, question=question, text="mine")
    data = personal_data.export(user)
    assert [card["question"] for card in data["cards"]] == [question.slug]
    assert [(r["rating"], r["duration_ms"]) for r in data["reviews"]] == [("good", 1500)]
    assert data["notes"][0]["text"] == "mine"
    assert len(data["bookmarks"]) == 1
    assert data["mock_interviews"] == []
    assert data["settings"] is None

    json.dumps(data)  # serializable as it is


def test_export_holds_the_practice_settings_with_the_interview_and_parameters():
    user = UserFactory()
    PracticeSettings.objects.create(
        user=user,
        interview_date=date(2027, 3, 20),
        interview_tags=["transformers"],
        fsrs_parameters=[0.5] * 21,
        desired_retention=0.85,
    )
    settings = personal_data.export(user)["settings"]
    assert settings["interview_date"] == "2027-03-20"
    assert settings["interview_tags"] == ["transformers"]
    assert settings["fsrs_parameters"] == [0.5] * 21
    assert settings["desired_retention"] == 0.85
    json.dumps(settings)


def test_state_for_a_request_uses_its_user_or_its_guest():
    user, question = UserFactory(), QuestionFactory()
    Bookmark.objects.create(user=user, question=question)
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    assert state_for(request, question)["bookmarked"]
    request.user = AnonymousUser()
    assert not state_for(request, question)["bookmarked"]


def test_the_question_page_shows_the_learners_practice_state():
    user, question = UserFactory(), QuestionFactory()
    Bookmark.objects.create(user=user, question=question)
    Note.objects.create(user=user, question=question, text="my private note")
    client = english_client(user)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "New to you" in html
    assert "Remove bookmark" in html
    assert "my private note" in html
    other = english_client(UserFactory()).get(question.get_absolute_url()).content.decode()
    assert "my private note" not in other
    assert "New to you" in other


def test_the_account_export_has_a_practice_section_and_deletion_removes_it():
    user, question = UserFactory(), QuestionFactory()
    scheduling.grade(owner(user), question, 3, now=timezone.now())
    data = registry.export(user)
    assert data["practice"]["cards"][0]["question"] == question.slug
    registry.delete_account(user)
    assert not Bookmark.objects.exists()
    assert not Card.objects.exists()
    assert not ReviewLog.objects.exists()
