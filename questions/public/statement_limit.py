"""A time limit on a block of statements: the search page, the print sheet
and the API run a reader's search under it, so no query a stranger can
write (a phrase the planner misjudges, a filter that defeats every index)
holds a worker for long.

Postgres cancels a statement past the time the block has left
(`statement_timeout`; Postgres 15 has no limit for a whole transaction), and
no statement starts once the limit has passed: the whole block takes the
limit at most, however many statements it runs.

Each statement carries its own limit: `SET LOCAL statement_timeout = <ms
left>; <statement>`, one message, in the transaction Postgres makes for
it. Setting the limit once for the block cost a transaction of its own,
three round trips (BEGIN, the setting, COMMIT): a tenth of a cold results
page's CPU (in process at 100,000 questions, 8.6 → 7.8 ms for 模型). A
statement on a server-binding cursor (`questions/models/prepared.py`: one
message, one statement) cannot carry the setting; those are reads bounded by
their keys, such as a results page's 20 rows, and get the deadline alone.

Inside an outer transaction (a test's) a local setting would outlive the
block, so there the block is a savepoint and puts the setting back as it was
when it ends; a cancelled statement rolls back the savepoint, and with it
the setting."""

import math
import time
from contextlib import contextmanager, nullcontext

import psycopg
from django.db import OperationalError, connections, transaction

QUERY_CANCELED = "57014"  # Postgres' SQLSTATE for a statement cancelled by statement_timeout

# An atomic block inside the limit: its ROLLBACK TO SAVEPOINT must run, past
# the deadline too, and as it is: in a failed transaction a SET is refused.
_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class TooSlow(Exception):
    """The block ran past its time limit: a statement was cancelled, or one
    was about to start after the limit."""


@contextmanager
def statement_time_limit(alias: str, milliseconds: int):
    connection = connections[alias]
    deadline = time.monotonic() + milliseconds / 1000

    def within_time_left(execute, sql, params, many, context):
        if sql.startswith(_TRANSACTION_CONTROL):
            return execute(sql, params, many, context)
        left_ms = math.ceil((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            raise TooSlow
        cursor = context["cursor"].cursor
        if many or not isinstance(cursor, psycopg.ClientCursor):
            return execute(sql, params, many, context)
        result = execute(f"SET LOCAL statement_timeout = {left_ms}; {sql}", params, many, context)
        cursor.nextset()  # past the SET, to the statement's own result
        return result

    try:
        restoring = _restoring_setting(alias) if connection.in_atomic_block else nullcontext()
        with restoring, connection.execute_wrapper(within_time_left):
            yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
            raise
        raise TooSlow from error


@contextmanager
def _restoring_setting(alias: str):
    """A savepoint that ends with `statement_timeout` as it began."""
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        previous = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
