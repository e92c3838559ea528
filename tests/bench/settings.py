"""Settings the in-process benches run with (tests/bench/harness.py sets
DEBUG off and the rest in the environment): production's, but static files
are served from the source tree without a manifest, since nothing is
collected (bench-http collects them: tests/bench/http_settings.py)."""

from qbank.settings import *  # noqa: F403
from qbank.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
