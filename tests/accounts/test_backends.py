"""qbank's model backend: a signed-in request's user read by one statement,
sign-in and permissions as Django's, the sessions Django's backend signed in
kept, and a failed sign-in hashed once."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate, base_user
from django.contrib.auth.signals import user_login_failed
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts.backends import AccountBackend
from accounts.models import User
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]

PASSWORD = "correct horse battery staple"
DJANGOS = "django.contrib.auth.backends.ModelBackend"


def _request() -> HttpRequest:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "198.51.100.1"
    return request


def test_the_user_is_read_in_one_statement_with_every_field(django_assert_num_queries):
    user = UserFactory(first_name="Ada", email="ada@example.com", is_staff=True)
    with django_assert_num_queries(1) as captured:
        found = AccountBackend().get_user(str(user.pk))
    assert "LIMIT" not in captured.captured_queries[0]["sql"]  # not the ORM's get()
    assert model_to_dict(found) == model_to_dict(User.objects.get(pk=user.pk))
    assert found.password == user.password
    assert found._state.adding is False
    assert found._state.db == "default"


def test_an_unknown_a_malformed_or_an_inactive_user_is_nobody(django_assert_num_queries):
    inactive = UserFactory(is_active=False)
    backend = AccountBackend()
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(inactive.pk + 1000) is None
    with django_assert_num_queries(0):
        assert backend.get_user("not-a-number") is None


def test_signing_in_on_the_page_names_this_backend_and_pages_know_the_user():
    UserFactory(username="ada")
    client = Client(headers={"accept-language": "en"})
    response = client.post(reverse("accounts:login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AccountBackend"
    assert '<span class="account-name">ada</span>' in client.get("/").text


def test_a_session_djangos_backend_signed_in_stays_signed_in():
    user = UserFactory(username="grace")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user, backend=DJANGOS)
    assert client.session[BACKEND_SESSION_KEY] == DJANGOS
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.parametrize("username", ["ada", "nobody"], ids=["wrong password", "unknown user"])
def test_a_failed_sign_in_is_hashed_once_and_counted(monkeypatch, username):
    UserFactory(username="ada")
    hashed = []
    # What a model backend hashes with: the given password against the
    # user's, or, for an unknown user, a password set on a blank one.
    for function in ("check_password", "make_password"):
        original = getattr(base_user, function)
        monkeypatch.setattr(
            base_user,
            function,
            lambda *args, _original=original, **kwargs: hashed.append(1) or _original(*args, **kwargs),
        )
    failures = []
    user_login_failed.connect(receiver := lambda **kwargs: failures.append(kwargs), weak=False)
    try:
        assert authenticate(_request(), username=username, password="wrong") is None
    finally:
        user_login_failed.disconnect(receiver)
    assert len(hashed) == 1  # Django's backend, listed after this one, never checks it again
    assert len(failures) == 1
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_right_password_signs_in_through_this_backend():
    user = UserFactory(username="ada")
    signed_in = authenticate(_request(), username="ada", password=PASSWORD)
    assert signed_in == user
    assert signed_in.backend == "accounts.backends.AccountBackend"
