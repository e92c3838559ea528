"""A cursor whose statements Postgres plans once per connection.

Django's cursors bind parameters on the client (psycopg's `ClientCursor`), so
psycopg never prepares their statements; binding on the server everywhere
(`OPTIONS["server_side_binding"]`) breaks the ORM's bulk inserts past 65,535
parameters and statements that Postgres cannot type. So the few hand-written
queries that run on every cold page and cost more to plan than to run (the
question page: 1.8 ms to plan on a new session, 0.3 ms to execute) take this
cursor: psycopg's own server-binding `Cursor` on Django's connection, wrapped
by Django as any cursor is (query logging, execute wrappers, the connection's
health checks). psycopg prepares a statement once it has run
`prepare_threshold` times on the connection (`DATABASES[…]["OPTIONS"]`, set
from `DATABASE_PREPARED_STATEMENTS`); with the threshold None it never does,
as behind a pooler in transaction mode.
"""

import psycopg


def server_binding_cursor(connection):
    """A cursor for `connection` (a Django connection) that binds on the server."""
    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    return (
        connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)
    )
