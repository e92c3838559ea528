"""Public reads on read replicas, everything else on the primary.

With DATABASE_REPLICA_URLS set (settings), the anonymous public pages —
which `questions.public.pagecache.public_page` runs inside `public_reads()` — read
from a replica chosen at random per request. Everything else reads from the
primary: editors in the admin (who must see what they just saved, and
whose edit checks compare versions), signed-in people, and every write.

A replica lags the primary by a little; a page read from one is consistent
with itself (its content version is read from the same replica, so it is
never cached under a version its data has not reached).
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA_PREFIX = "replica"

_replica: ContextVar[str | None] = ContextVar("qbank_public_replica", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def public_reads():
    """Within this block, reads go to one replica (if there are any)."""
    aliases = replica_aliases()
    token = _replica.set(random.choice(aliases) if aliases else None)
    try:
        yield
    finally:
        _replica.reset(token)


class PublicReadsRouter:
    def db_for_read(self, model, **hints):
        return _replica.get() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's very rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
