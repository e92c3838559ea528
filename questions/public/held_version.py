"""The content version, held per process for CONTENT_VERSION_HOLD_SECONDS.

Reading the version is one primary-key query, and on a page served from the
cache it was a quarter of the request (issue 22). Held, a worker reads it
at most once per hold and per database (a replica's version is its own: a
page is never cached under a version newer than the rows it was read from;
a held version is only ever older, so the worst a hold does is store a
newer page under the older key, which the next read makes unreachable).

The price is staleness: an anonymous reader sees a published change up to
the hold later (editors and signed-in people get their own pages, read
live). 0 reads the version on every request.
"""

import threading
import time

from django.conf import settings
from django.db import router

from ..models import ContentVersion

# database alias → (monotonic time read, (version, changed_at))
_held: dict[str, tuple[float, tuple[int, object]]] = {}
_lock = threading.Lock()


def current_version() -> tuple[int, object]:
    """(version, changed_at) of the database public pages read from now."""
    alias = router.db_for_read(ContentVersion)
    hold = settings.CONTENT_VERSION_HOLD_SECONDS
    if hold <= 0:
        return ContentVersion.current(using=alias)
    now = time.monotonic()
    held = _held.get(alias)
    if held is not None and now - held[0] < hold:
        return held[1]
    value = ContentVersion.current(using=alias)
    with _lock:
        _held[alias] = (now, value)
    return value


def forget():
    """Read the version afresh on the next request (tests; a changed setting)."""
    with _lock:
        _held.clear()
