"""One Markdown preview in flight per editor.

A Postgres advisory lock keyed by the user, taken without waiting
(`pg_try_advisory_xact_lock`) for the length of the preview's transaction.
Postgres, not the cache: every server process sees the same lock whatever
the cache backend (a per-process LocMemCache would let each worker run one),
and it cannot be left stuck — it ends with the transaction, or with the
connection if the worker dies mid-render — where a cache key would hold
until its TTL ran out.
"""

import contextlib

from django.db import connection, transaction

# The first key of the lock pair: this lock's namespace, so that the user's
# id (the second key) cannot collide with another advisory lock of the site.
_PREVIEW_LOCK_NAMESPACE = 0x7072  # "pr"


@contextlib.contextmanager
def preview_slot(user):
    """Yields True while holding `user`'s one preview slot, False (at once)
    when another preview of theirs holds it."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_PREVIEW_LOCK_NAMESPACE, user.pk])
        yield cursor.fetchone()[0]
