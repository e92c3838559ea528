"""A time limit on the statements of a block, kept by Postgres itself: the
search page and the API run a reader's search under it, so no query a
stranger can write (a phrase the planner misjudges, a filter that defeats
every index) holds a worker for longer than the limit.

The limit is set for the transaction the block opens and ends with it. Inside
an outer transaction (a test's) the block is only a savepoint, and a local
setting would outlive it: there it is put back as it was when the block
ends. A cancelled statement rolls back the block's savepoint, and with it
the setting."""

from contextlib import contextmanager

from django.db import OperationalError, connections, transaction

QUERY_CANCELED = "57014"  # Postgres' SQLSTATE for a statement cancelled by statement_timeout


class TooSlow(Exception):
    """A statement of the block ran past its time limit and was cancelled."""


@contextmanager
def statement_time_limit(alias: str, milliseconds: int):
    nested = connections[alias].in_atomic_block
    try:
        with transaction.atomic(using=alias):
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
