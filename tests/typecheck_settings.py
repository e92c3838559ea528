"""The settings mypy's Django plugin loads ([tool.django-stubs] in
pyproject.toml): the test settings, with a database URL for when none is set.
Type-checking never connects to it: no server needs to run for `make lint`."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://localhost/qbank-typecheck-never-connects")

from tests.settings import *  # noqa: F403
