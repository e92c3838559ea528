"""A time limit on a block of statements: the search page, the print sheet
and the API run a reader's search under it, so no query a stranger can
write (a phrase the planner misjudges, a filter that defeats every index)
holds a worker for long.

Postgres cancels any one statement past the limit (`statement_timeout`;
Postgres 15 has no limit for a whole transaction), and no statement starts
once the limit has passed since the block began: the block costs at most
twice the limit, however many statements it runs, and no round trip is
added to set the time left before each one.

The limit is set for the transaction the block opens and ends with it. Inside
an outer transaction (a test's) the block is only a savepoint, and a local
setting would outlive it: there it is put back as it was when the block
ends. A cancelled statement rolls back the block's savepoint, and with it
the setting."""

import time
from contextlib import contextmanager

from django.db import OperationalError, connections, transaction

QUERY_CANCELED = "57014"  # Postgres' SQLSTATE for a statement cancelled by statement_timeout


class TooSlow(Exception):
    """The block ran past its time limit: a statement was cancelled, or one
    was about to start after the limit."""


@contextmanager
def statement_time_limit(alias: str, milliseconds: int):
    connection = connections[alias]
    nested = connection.in_atomic_block
    deadline = time.monotonic() + milliseconds / 1000

    def before_each_statement(execute, sql, params, many, context):
        if time.monotonic() > deadline:
            raise TooSlow
        return execute(sql, params, many, context)

    try:
        with transaction.atomic(using=alias), connection.execute_wrapper(before_each_statement):
            with connections[alias].cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                    [f"{milliseconds}ms"],
                )
                previous = cursor.fetchone()[0]
            yield
            if nested:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        raise TooSlow from error
