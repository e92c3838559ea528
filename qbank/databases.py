"""The database settings: Postgres from DATABASE_URL, and test database names
that keep two checkouts on one server apart."""

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from qbank.env import env_bool, env_int


def database_from_env(checkout: Path) -> dict:
    """The one database: Postgres, from DATABASE_URL; never a silent fallback.
    `checkout`: the project's directory, which names its test databases."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. Use `make run` / `make test`, or run the command through "
            "`python -m tools.devdb -- COMMAND`, which start an embedded Postgres; or set "
            "DATABASE_URL=postgres://user:password@host:5432/qbank for your own server"
        )
    try:
        database = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except ValueError as error:  # dj_database_url's errors are ValueErrors
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at Postgres (postgres://…), not {database['ENGINE']}"
        )
    database["TEST"] = {"NAME": isolated_test_database_name(database["NAME"], checkout)}
    # A database that does not answer fails the request within seconds (a 503
    # page, qbank/error_pages.py) instead of holding the worker for minutes.
    database.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
    # psycopg prepares what a server-binding cursor (questions/models/prepared.py:
    # the question page's query) has run this often on a connection; Django's own
    # cursors bind on the client and are never prepared. Off (None) behind a
    # pooler in transaction mode (PgBouncer's pool_mode=transaction), where a
    # session's prepared statements do not follow the client.
    database["OPTIONS"]["prepare_threshold"] = 2 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    return database


# Postgres identifiers are cut at 63 bytes; pytest-xdist appends "_gwN".
_MAX_TEST_NAME = 63 - len("_gw99")


def isolated_test_database_name(name: str, checkout: Path) -> str:
    """test_<name>_<checkout hash>: two checkouts running their tests against one
    server each get their own test databases (pytest-xdist appends _gwN)."""
    suffix = "_" + hashlib.sha256(str(checkout).encode()).hexdigest()[:8]
    return f"test_{name}"[: _MAX_TEST_NAME - len(suffix)] + suffix
