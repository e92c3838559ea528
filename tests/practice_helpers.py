"""Shared helpers for the practice tests."""

from datetime import UTC, datetime

from django.test import Client

from practice.owners import Owner

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai


def owner(user) -> Owner:
    return Owner(user_id=user.pk)


def english_client(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def settings_form(**changes) -> dict:
    """A full practice settings form, with `changes`."""
    form = {
        "daily_new_limit": 20,
        "daily_review_limit": 200,
        "desired_retention": 0.9,
        "learning_steps": "1m 10m",
    }
    return {**form, **changes}
