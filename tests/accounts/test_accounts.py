import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.jobs_helpers import queued_jobs, run_queued_jobs

PASSWORD = "correct horse battery staple"
User = get_user_model()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def _signup(client, username="ada", email="ada@example.com", password="a-Long-enough-secret-42", **extra):
    data = {"username": username, "email": email, "password1": password, "password2": password, **extra}
    return client.post(reverse("accounts:signup"), data)


def test_signup_creates_the_account_and_signs_in(client, db):
    received = []

    def _receiver(sender, user, request, **kwargs):
        received.append(user.username)

    user_logged_in.connect(_receiver)
    try:
        response = _signup(client)
    finally:
        user_logged_in.disconnect(_receiver)
    assert response.status_code == 302
    user = User.objects.get(username="ada")
    assert user.email == "ada@example.com"
    assert user.check_password("a-Long-enough-secret-42")
    assert received == ["ada"]  # through django.contrib.auth.login, so other apps hear of it
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 200
    assert "ada" in page.text


def test_signup_applies_the_password_validators(client, db):
    response = _signup(client, password="password")
    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert not User.objects.filter(username="ada").exists()


def test_signup_refuses_mismatched_passwords(client, db):
    data = {
        "username": "ada",
        "email": "ada@example.com",
        "password1": "a-Long-secret-42",
        "password2": "other-42",
    }
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert not User.objects.exists()


def test_signup_says_a_username_is_taken_but_not_an_email(client, db):
    UserFactory(username="grace", email="grace@example.com")
    taken = _signup(client, username="Grace", email="new@example.com")
    assert "A user with that username already exists." in taken.text
    same_email = _signup(client, username="hopper", email="grace@example.com")
    assert same_email.status_code == 302
    assert "already" not in same_email.text


def test_signup_losing_a_race_for_the_username_is_a_form_error(client, db, monkeypatch):
    from accounts.forms import SignupForm

    def _taken_meanwhile(form, *args, **kwargs):
        UserFactory(username="ada")
        return super(SignupForm, form).save(*args, **kwargs)

    monkeypatch.setattr(SignupForm, "save", _taken_meanwhile)
    response = _signup(client)
    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    assert "_auth_user_id" not in client.session


def test_signup_form_needs_csrf(db):
    strict = Client(enforce_csrf_checks=True)
    response = _signup(strict)
    assert response.status_code == 403
    assert not User.objects.exists()


@override_settings(SIGNUP_RATE_LIMIT=2)
def test_signup_attempts_are_rate_limited_per_address(client, db):
    assert _signup(client, username="one").status_code == 302
    client.logout()
    assert _signup(client, username="two", password="short").status_code == 200  # invalid, still counted
    refused = _signup(client, username="three")
    assert refused.status_code == 429
    assert not User.objects.filter(username="three").exists()
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert _signup(elsewhere, username="three").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1, SIGNUP_RATE_LIMIT=1)
def test_behind_a_proxy_the_forwarded_address_is_counted_not_a_spoofed_one(db):
    first = Client(REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": "1.1.1.1, 198.51.100.7"})
    assert _signup(first, username="one").status_code == 302
    # Same real client, a different made-up left-most address: still the same count.
    again = Client(REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": "2.2.2.2, 198.51.100.7"})
    assert _signup(again, username="two").status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": "198.51.100.8"})
    assert _signup(other, username="three").status_code == 302


def test_login_and_logout_on_the_public_pages(client, db):
    UserFactory(username="ada")
    response = client.post(reverse("accounts:login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert 'action="/accounts/logout/"' in home.text
    assert '<span class="account-name">ada</span>' in home.text
    assert f'href="{reverse("accounts:account")}">My account</a>' in home.text
    assert client.get(reverse("accounts:logout")).status_code == 405  # logging out is a POST
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert reverse("accounts:login") in client.get("/").text


def test_the_login_link_brings_the_reader_back(client, db):
    html = client.get("/search/?q=x").text
    assert 'href="/accounts/login/?next=/search/%3Fq%3Dx"' in html
    assert 'href="/accounts/login/"' in client.get(reverse("accounts:signup")).text


def test_login_error_does_not_tell_which_usernames_exist(client, db):
    UserFactory(username="ada")
    wrong_password = client.post(reverse("accounts:login"), {"username": "ada", "password": "nope"})
    no_such_user = client.post(reverse("accounts:login"), {"username": "nobody", "password": "nope"})
    message = "Please enter a correct username and password."
    assert message in wrong_password.text
    assert message in no_such_user.text


def test_login_redirects_to_next_only_on_this_site(client, db):
    UserFactory(username="ada")
    url = reverse("accounts:login")
    response = client.post(
        url + "?next=/search/", {"username": "ada", "password": PASSWORD, "next": "/search/"}
    )
    assert response["Location"] == "/search/"
    client.logout()
    evil = client.post(url, {"username": "ada", "password": PASSWORD, "next": "https://evil.example/"})
    assert "evil.example" not in evil["Location"]


def test_password_change_needs_the_old_password(client, db):
    user = UserFactory(username="ada")
    client.force_login(user)
    url = reverse("accounts:password_change")
    new = "another-Long-secret-77"
    wrong = client.post(url, {"old_password": "nope", "new_password1": new, "new_password2": new})
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly" in wrong.text
    right = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get(reverse("accounts:account")).status_code == 200  # still signed in


def test_password_reset_by_email(client, db):
    user = UserFactory(username="ada", email="ada@example.com")
    response = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []  # a job sends it
    assert run_queued_jobs() == ["accounts.send_password_reset"]
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Your username is ada." in body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new = "another-Long-secret-77"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_does_not_tell_whether_the_email_is_known(client, db):
    UserFactory(email="ada@example.com")
    known = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert run_queued_jobs() == ["accounts.send_password_reset"] * 2
    assert len(mail.outbox) == 1


def _reset_request_queries(email: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    return [query["sql"].replace(email, "<email>") for query in queries.captured_queries]


def test_the_reset_request_runs_the_same_queries_whether_or_not_the_address_is_known(db):
    """Timing tells nothing: the request never looks the address up; it
    queues one job either way, and the job looks it up."""
    UserFactory(email="ada@example.com")
    known = _reset_request_queries("ada@example.com")
    unknown = _reset_request_queries("nobody@example.com")
    assert [_shape(sql) for sql in known] == [_shape(sql) for sql in unknown]
    assert not any("accounts_user" in sql for sql in known + unknown)
    assert [job.args["email"] for job in queued_jobs()] == ["ada@example.com", "nobody@example.com"]


def _shape(sql: str) -> str:
    """The statement without its literals (times and ids differ between requests)."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


@override_settings(PASSWORD_RESET_RATE_LIMIT=2)
def test_password_reset_emails_are_rate_limited_per_address(client, db):
    UserFactory(email="ada@example.com")
    for _ in range(2):
        client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    refused = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    assert refused.status_code == 429
    run_queued_jobs()
    assert len(mail.outbox) == 2


def test_account_pages_need_a_signed_in_user(client, db):
    for name in ("account", "export", "delete", "password_change"):
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_pages_in_chinese(db):
    chinese = Client(headers={"accept-language": "zh-hans"})
    page = chinese.get(reverse("accounts:signup"))
    assert "注册" in page.text
    assert "登录" in chinese.get(reverse("accounts:login")).text
