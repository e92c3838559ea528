"""The version of everything the public sees, for caches to key on.

One row, bumped by Postgres triggers (questions/migrations/sql/public_0012.py)
in the same transaction as every write of public content: publishing,
unpublishing, editing live text, retagging or renaming a tag, changing a
category or a source. The triggers sit under every write path — `save()`,
`QuerySet.update()`, `bulk_import`, `loaddata`, raw SQL, COPY — so none can
forget it. Drafts and pending edits do not move it.

The version lives in the database, not the cache: it is then the same for
every app server whatever the cache backend (two gunicorn workers with local
memory caches included), and it is read from the very database, replica or
primary, whose rows a page is rendered from, so a page is never cached under
a version newer than its data.
"""

from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connections, models

_NEVER = datetime(2000, 1, 1, tzinfo=UTC)
_CURRENT_SQL = "SELECT version, changed_at FROM questions_content_version WHERE id = 1"


class ContentVersion(models.Model):
    # Always 1: the version is bank-wide.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "questions_content_version"

    def __str__(self) -> str:
        return f"content version {self.version}"

    @classmethod
    def current(cls, using: str | None = None) -> tuple[int, datetime]:
        """(version, time of the last public change): one primary-key read."""
        # Read on every public request: plain SQL, without building a query.
        with connections[using or DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(_CURRENT_SQL)
            row = cursor.fetchone()
        # A flushed test database has no row until the next public change.
        return row or (0, _NEVER)
