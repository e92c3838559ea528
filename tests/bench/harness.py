"""What every benchmark shares: its scratch databases (create, drop), the
environment it runs Django with (DEBUG off), and the set-based refresh of the
search documents after a bulk load.

A bench fills scratch databases next to DATABASE_URL's, on the same server.
It never touches the database DATABASE_URL names, and it drops only a
database it created: `create()` marks each one with a COMMENT ON DATABASE
(`MARK`), and `drop()` leaves alone, with a warning, any database without
that mark, whoever made it. A database that carries the mark is a bench's
leftover (a run that was killed, or --keep) and is replaced.
"""

import contextlib
import itertools
import os
import sys
import threading
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# The server `make bench-*` uses when DATABASE_URL is unset (the Makefile's BENCH_DATABASE_URL).
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
MARK = "qbank bench scratch database: dropped by the bench that made it"

# Production's settings, DEBUG off (Django keeps no list of every query, and
# templates and errors take production's paths), with what a local run needs.
ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}


def server_url() -> str:
    """The URL the bench was given: its server is where the scratch databases go."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("the benchmarks need a Postgres DATABASE_URL")
    return url


def database_url(base: str, name: str) -> str:
    """`base` with its database replaced by `name`."""
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _given_name(base: str) -> str:
    return urlsplit(base).path.lstrip("/")


def _admin(base: str):
    return psycopg.connect(database_url(base, "postgres"), autocommit=True)


def _comment(connection, name: str) -> str | None:
    """The database's comment; None if there is no such database (or no comment)."""
    row = connection.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
    ).fetchone()
    return row[0] if row else None


def _exists(connection, name: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create(base: str, *names: str) -> list[str]:
    """Create each scratch database, fresh and marked as a bench's; their URLs.
    A leftover of an earlier bench (marked) is dropped first; any other
    database of that name, or the one DATABASE_URL names, stops the bench."""
    with _admin(base) as connection:
        for name in names:
            if name == _given_name(base):
                sys.exit(
                    f"{name} is DATABASE_URL's own database: a bench needs a scratch database of its own"
                )
            if _exists(connection, name):
                if _comment(connection, name) != MARK:
                    sys.exit(
                        f"database {name} exists and was not made by a bench: "
                        "drop it yourself, or give the bench another name (--database)"
                    )
                connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(MARK))
            )
    return [database_url(base, name) for name in names]


def drop(base: str, *names: str) -> None:
    """Drop each of these scratch databases that a bench created (marked);
    any other is left as it is, with a warning."""
    with _admin(base) as connection:
        for name in names:
            if not _exists(connection, name):
                continue
            if name == _given_name(base) or _comment(connection, name) != MARK:
                print(f"not dropping {name}: no bench created it", file=sys.stderr)
                continue
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def add_database_options(parser, default: str, *, keep: bool = True, reuse: bool = False) -> None:
    """A bench's options for its scratch database (`scratch_databases`):
    --database (its name), and --keep and --reuse where the bench offers them."""
    parser.add_argument(
        "--database", default=default, help="scratch database (a bench's own: tests/bench/harness.py)"
    )
    if keep:
        parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    if reuse:
        parser.add_argument("--reuse", action="store_true", help="measure a database kept by --keep")


@contextlib.contextmanager
def scratch_databases(base: str, *names: str, keep: bool = False, reuse: bool = False):
    """The scratch databases' URLs for the block: created fresh (or, with
    `reuse`, one kept by an earlier run's --keep), dropped afterwards unless `keep`."""
    urls = [database_url(base, name) for name in names] if reuse else create(base, *names)
    try:
        yield urls
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not keep:
            drop(base, *names)


def use(url: str, settings: str = "tests.bench.settings") -> None:
    """Point this process's Django at `url`, DEBUG off, and set it up."""
    os.environ.update(ENVIRONMENT, DATABASE_URL=url, DJANGO_SETTINGS_MODULE=settings)
    import django

    django.setup()


def refresh_search_documents(first: int, last: int, workers: int = 2) -> None:
    """The search documents of questions `first` … `last` (loaded with the
    triggers off), computed set-based by `workers` connections at once."""
    from django.db import connection

    from questions.models import Question

    bounds = [first + (last - first + 1) * i // workers for i in range(workers + 1)]

    def refresh(low, high):
        try:
            Question.objects.filter(pk__gte=low, pk__lt=high).refresh_search_documents()
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh, args=pair) for pair in itertools.pairwise(bounds)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
