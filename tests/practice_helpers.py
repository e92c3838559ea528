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
