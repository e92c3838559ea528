"""The session engine (accounts/sessions.py): Django's database sessions,
read by one statement, with Django's own behaviour kept."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _saved(**data) -> str:
    session = DjangoSessionStore()
    session.update(data)
    session.save()
    return session.session_key


def test_the_site_uses_it_unless_redis_holds_the_sessions(read_settings):
    assert settings.SESSION_ENGINE == "accounts.sessions"
    with_redis = read_settings(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_a_session_reads_back_what_djangos_engine_wrote_in_one_statement(django_assert_num_queries):
    key = _saved(practice={"new_today": 3}, language="zh-hans")
    session = SessionStore(key)
    with django_assert_num_queries(1):
        loaded = session.load()
    assert loaded == DjangoSessionStore(key).load()
    assert session["practice"] == {"new_today": 3}
    assert session.session_key == key


def test_an_expired_or_unknown_session_is_empty_and_its_key_dropped():
    key = _saved(secret="kept")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    for stale in (key, "no-such-session-key-at-all-00000"):
        session = SessionStore(stale)
        assert session.load() == {}
        assert session.session_key is None
        session["fresh"] = True
        session.save()
        assert session.session_key not in (None, stale)


def test_a_signed_in_candidate_stays_signed_in_and_signing_out_ends_the_session(english):
    user = UserFactory()
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("accounts:account")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("accounts:account")).status_code == 302
