"""Failed sign-ins are limited per (account, address) pair and per address
(django-axes), never per account alone: a stranger cannot lock a known user
out from elsewhere."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import SuperuserFactory, UserFactory
from tests.jobs_helpers import run_queued_jobs

PASSWORD = "correct horse battery staple"
LOGIN_URLS = [pytest.param("/accounts/login/", id="public"), pytest.param("/admin/login/", id="admin")]


def _client(address="198.51.100.1"):
    return Client(REMOTE_ADDR=address, headers={"accept-language": "en"})


def _login(client, url, username, password):
    return client.post(url, {"username": username, "password": password, "next": "/admin/"})


def _fail_until_locked(client, url, username):
    responses = [_login(client, url, username, "wrong") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    return responses[-1]


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_wrong_passwords_lock_the_account_from_that_address_until_the_cool_off_ends(db, url):
    SuperuserFactory(username="ada")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert _fail_until_locked(_client(), url, "ada").status_code == 429
        # The right password from that address is refused meanwhile.
        refused = _login(_client(), url, "ada", PASSWORD)
        assert refused.status_code == 429
        assert "_auth_user_id" not in refused.wsgi_request.session
        clock.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        accepted = _login(_client(), url, "ada", PASSWORD)
        assert accepted.status_code == 302
        assert accepted.wsgi_request.user.username == "ada"


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_a_stranger_failing_for_a_known_user_does_not_lock_them_out_elsewhere(db, url):
    SuperuserFactory(username="ada")
    stranger = _client("192.0.2.66")
    assert _fail_until_locked(stranger, url, "ada").status_code == 429
    assert _login(stranger, url, "ada", PASSWORD).status_code == 429
    # Both logins, from the owner's address.
    for login_url in ("/accounts/login/", "/admin/login/"):
        accepted = _login(_client("203.0.113.5"), login_url, "ada", PASSWORD)
        assert accepted.status_code == 302
        assert accepted.wsgi_request.user.username == "ada"


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_wrong_passwords_from_one_address_lock_that_address_for_every_account(db, url):
    SuperuserFactory(username="ada")
    attacker = _client("192.0.2.66")
    # Fewer than the pair's limit for each username, but the address's own limit in all.
    responses = [
        _login(attacker, url, f"guess{n // 2}", "wrong") for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT)
    ]
    assert {r.status_code for r in responses[:-1]} == {200}
    assert responses[-1].status_code == 429
    assert _login(attacker, url, "ada", PASSWORD).status_code == 429
    assert _login(attacker, url, "someone-new", "wrong").status_code == 429
    # The account itself is not locked for everyone else.
    assert _login(_client("203.0.113.5"), url, "ada", PASSWORD).status_code == 302


def test_the_address_limit_is_above_the_pairs():
    """People behind one NAT do not lock each other out at the first typos."""
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def _without_csrf_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_lockout_page_is_the_same_for_existing_and_unknown_accounts(db):
    UserFactory(username="ada")
    existing = _fail_until_locked(_client("198.51.100.1"), "/accounts/login/", "ada")
    unknown = _fail_until_locked(_client("198.51.100.2"), "/accounts/login/", "nobody-here")
    assert existing.status_code == unknown.status_code == 429
    assert _without_csrf_tokens(existing.text) == _without_csrf_tokens(unknown.text)
    assert "ada" not in existing.text
    assert "Too many failed attempts" in existing.text


def test_reset_by_an_admin_lifts_the_lockout(db):
    UserFactory(username="ada")
    from axes.utils import reset

    _fail_until_locked(_client(), "/accounts/login/", "ada")
    reset(username="ada")
    reset(ip="198.51.100.1")
    assert _login(_client(), "/accounts/login/", "ada", PASSWORD).status_code == 302


def test_resetting_the_password_by_email_lifts_the_account_lockout(db):
    UserFactory(username="ada", email="ada@example.com")
    # The owner, who forgot their password, locked themselves out.
    owner = _client("203.0.113.5")
    assert _fail_until_locked(owner, "/accounts/login/", "ada").status_code == 429
    assert _login(owner, "/accounts/login/", "ada", PASSWORD).status_code == 429
    owner.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    run_queued_jobs()
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = owner.get(link, follow=True).redirect_chain[-1][0]
    new = "another-Long-secret-77"
    assert owner.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert _login(owner, "/accounts/login/", "ada", new).status_code == 302


def test_failed_attempts_never_store_the_password(db):
    UserFactory(username="ada")
    _login(_client(), "/accounts/login/", "ada", "my-secret-guess")
    user = UserFactory(username="bob")
    client = _client()
    client.force_login(user)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "old-secret-guess",
            "new_password1": "new-secret-1",
            "new_password2": "new-secret-1",
        },
    )
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "ada" in AccessAttempt.objects.values_list("username", flat=True)
    for secret in ("my-secret-guess", "old-secret-guess", "new-secret-1"):
        assert secret not in stored


def test_password_confirmations_count_towards_the_limit(db):
    user = UserFactory(username="ada")
    client = _client()
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        last = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert last.status_code == 429
    assert client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}).status_code == 429
    user.refresh_from_db()  # still there


def test_lockouts_are_listed_in_the_admin(db):
    UserFactory(username="ada")
    _fail_until_locked(_client(), "/accounts/login/", "ada")
    admin = _client("203.0.113.9")
    admin.force_login(SuperuserFactory(username="root"))
    page = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    assert "ada" in page.text


def test_the_test_clients_login_needs_a_request_under_axes(db):
    """Client.login() calls authenticate() without a request, which axes
    refuses: tests sign in with force_login(), or give login() a request."""
    UserFactory(username="ada")
    client = _client()
    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(username="ada", password=PASSWORD)
    assert client.login(request=HttpRequest(), username="ada", password=PASSWORD)
    assert not client.login(request=HttpRequest(), username="ada", password="wrong")
