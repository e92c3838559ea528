"""The content version, held per process for CONTENT_VERSION_HOLD_SECONDS.

Reading the version is one primary-key query, and on a page served from the
cache it was a quarter of the request (issue 22). Held, a worker reads it
at most once per hold and per database (a replica's version is its own: a
page is never cached under a version newer than the rows it was read from;
a held version is only ever older, so the worst a hold does is store a
newer page under the older key, which the next read makes unreachable).

The price is staleness: an anonymous reader sees a published change up to
the hold later, and so does a signed-in candidate (their page's question
text is a template fragment kept under the version); editors read live.
0 reads the version on every request.

Within a shared page (`read_once()`, entered by the page cache) every read
is the first one's: the page cache, the filter choices and anything else the
page asks are keyed by one version, and it costs one query even at 0.
"""

import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import router

from ..models import ContentVersion

# database alias → (monotonic time read, (version, changed_at))
_held: dict[str, tuple[float, tuple[int, object]]] = {}
_lock = threading.Lock()
# The version read in the current shared page, once read (see read_once()).
_this_page: ContextVar[list | None] = ContextVar("qbank_page_content_version", default=None)


@contextmanager
def read_once():
    token = _this_page.set([])
    try:
        yield
    finally:
        _this_page.reset(token)


def current_version() -> tuple[int, object]:
    """(version, changed_at) of the database public pages read from now."""
    read = _this_page.get()
    if read:
        return read[0]
    value = _held_or_read()
    if read is not None:
        read.append(value)
    return value


def _held_or_read() -> tuple[int, object]:
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
