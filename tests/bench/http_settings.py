"""Settings for `make bench-http`: production's (DEBUG=0, set by the bench
in the environment) plus a trivial view to compare pages with, static files
collected into a scratch directory, and, for the cold runs, no cache."""

import os
from pathlib import Path

from qbank.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.http_urls"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
if os.environ.get("BENCH_CACHE") == "none":
    # No page cache; the header's fragments are kept, as compiled templates are.
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
# wrk sends every request from one address: the API's per-address limit is
# still counted on each request (its cost is measured) but never reached.
API_RATE_LIMIT = 10**9
