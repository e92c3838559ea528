import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts import personal_data
from tests.factories import QuestionFactory, UserFactory

PASSWORD = "correct horse battery staple"
User = get_user_model()


def _signed_in(username):
    """A real sign-in through the login page, so that a sign-in history exists."""
    user = UserFactory(username=username, email=f"{username}@example.com")
    client = Client(headers={"accept-language": "en"})
    assert (
        client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    return user, client


@pytest.fixture
def bookmarks_contributor():
    """Another app's contribution, the way practice registers its own."""
    fake_rows = {"ada": ["q1", "q2"], "bob": ["q3"]}
    personal_data.register("bookmarks", export=lambda user: {"questions": fake_rows.get(user.username, [])})
    yield
    personal_data.unregister("bookmarks")


def test_export_holds_my_account_and_sign_ins_and_nothing_of_others(db, bookmarks_contributor):
    _, client = _signed_in("ada")
    _signed_in("bob")
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["format"] == "qbank-personal-data"
    assert data["account"]["username"] == "ada"
    assert data["account"]["email"] == "ada@example.com"
    assert "password" not in data["account"]
    assert len(data["security"]["sign_ins"]) == 1
    assert data["bookmarks"] == {"questions": ["q1", "q2"]}
    assert "bob" not in response.text


def test_export_is_a_download_only_by_get(db):
    _, client = _signed_in("ada")
    assert client.post(reverse("accounts:export")).status_code == 405


def test_a_contributor_cannot_take_a_reserved_section():
    with pytest.raises(ValueError, match="account"):
        personal_data.register("account", export=dict)


def test_delete_needs_the_password_and_the_confirmation(db):
    ada, client = _signed_in("ada")
    wrong = client.post(reverse("accounts:delete"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 200
    assert "That is not your password." in wrong.text
    unconfirmed = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert unconfirmed.status_code == 200
    assert User.objects.filter(pk=ada.pk).exists()
    assert client.get(reverse("accounts:delete")).status_code == 200  # GET only shows the form
    assert User.objects.filter(pk=ada.pk).exists()


def test_delete_removes_the_account_and_its_data_but_not_others(db):
    ada, client = _signed_in("ada")
    bob, _ = _signed_in("bob")
    ada.groups.add(Group.objects.create(name="readers"))
    written = QuestionFactory(author=ada, submitted_by=ada)
    AccessAttempt.objects.create(
        username="ada", ip_address="192.0.2.1", user_agent="x", failures_since_start=1,
        get_data="", post_data="", http_accept="", path_info="",
    )  # fmt: skip
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert "Your account and all its data have been deleted." in response.text
    assert not User.objects.filter(pk=ada.pk).exists()
    assert not User.groups.through.objects.filter(user_id=ada.pk).exists()  # cascaded
    assert not AccessLog.objects.filter(username="ada").exists()  # erased by its contributor
    assert not AccessAttempt.objects.filter(username="ada").exists()
    assert AccessLog.objects.filter(username="bob").exists()
    written.refresh_from_db()
    assert written.author is None  # the bank keeps the question, without the name
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(pk=bob.pk).exists()


def test_every_relation_to_a_user_goes_with_the_account():
    """A model that points at users must cascade (its rows are the person's
    data) or set null (shared work that outlives them); PROTECT or
    DO_NOTHING would make deleting an account fail or leave data behind.
    Revision snapshots (django-simple-history) keep the bare id of who was
    named then, without a constraint: a number, not the person's data."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    offending = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
        and field.remote_field.model is user_model
        and field.db_constraint
        and field.remote_field.on_delete not in (models.CASCADE, models.SET_NULL)
    ]
    assert offending == []
