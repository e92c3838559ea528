"""An account's preferences, read by one hand-written statement
(practice.preferences.of_user): every field comes back as it was saved."""

import json
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from practice import preferences
from practice.models import PracticeSettings
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]


def test_every_saved_preference_is_read_back():
    user = UserFactory()
    saved = preferences.Preferences(
        daily_new_limit=7,
        daily_review_limit=70,
        desired_retention=0.85,
        learning_steps="5m 1h",
        hide_difficulty=True,
        interview_date=date(2027, 1, 5),
        interview_categories=("concept", "coding"),
        interview_tags=("gpu",),
        fsrs_parameters=tuple(0.5 + i for i in range(preferences.FSRS_PARAMETER_COUNT)),
    )
    PracticeSettings.objects.create(user=user, **saved.as_dict())
    assert preferences.of_user(user.pk) == saved


def test_without_settings_or_account_the_defaults():
    assert preferences.of_user(UserFactory().pk) == preferences.Preferences()
    assert preferences.of_user(None) == preferences.Preferences()


def test_a_guests_saved_preferences_come_back_from_the_session(rf):
    request = rf.post("/")
    request.user = AnonymousUser()
    request.session = {}
    saved = preferences.Preferences(
        daily_new_limit=3, interview_date=date(2027, 1, 5), interview_tags=("gpu",)
    )
    preferences.save(request, saved)
    # The session is stored as JSON: the date goes in as text.
    stored = json.loads(json.dumps(request.session))
    assert preferences.of_guest(stored) == saved
