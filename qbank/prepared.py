"""A hot lookup, compiled once per connection and run as a prepared statement.

The question page is the page most often asked for with an empty cache, and
its query never changes between requests: only the slug does. Yet the ORM
compiled its joins and three subqueries on every request (a quarter of the
page's time) and Postgres planned them on every execution (half a
millisecond of its CPU). `PreparedLookup` compiles a queryset once for each
database connection, with a marker where the looked-up value goes, and has
Postgres `PREPARE` it once per session; each request then sends
`EXECUTE name(value)`, and the rows become model instances exactly as the
queryset would have made them (the compiler's own converters, related
populators and annotations).

With DATABASE_PREPARED_STATEMENTS off (behind a pooler in transaction mode,
where a session's statements do not follow the client) the compiled SQL is
sent as it is: the ORM's work is still saved, the planning is not.

The statement is made on the driver's connection, as Django sets the time
zone of a new connection: set-up, not one of the request's queries.
"""

import secrets
import weakref
from collections.abc import Callable

import psycopg
from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# Where the server lost the statement (a pooler's DISCARD ALL, a DEALLOCATE)
# or cannot reuse it (a migration changed a table under it).
_STALE_STATEMENT = (psycopg.errors.InvalidSqlStatementName, psycopg.errors.FeatureNotSupported)

_names: set[str] = set()


class PreparedLookup:
    """`queryset().get(**{field: value})`, compiled once per connection.

    `queryset` is called on every lookup, so that the router picks the
    database (a replica for public reads); it should return a queryset built
    once per process, as a class-based view's `queryset` attribute is."""

    def __init__(self, name: str, queryset: Callable[[], QuerySet], field: str):
        self.statement = f"qbank_{name}"
        # Two lookups of one name would replace each other's statement.
        if self.statement in _names:
            raise ValueError(f"a PreparedLookup named {name!r} exists already")
        _names.add(self.statement)
        self.queryset = queryset
        self.field = field
        # Per DatabaseWrapper: one per thread and database alias.
        self._compiled = weakref.WeakKeyDictionary()

    def get(self, value):
        queryset = self.queryset()
        connection = connections[queryset.db]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = _Compiled(self, queryset, connection)
        objects = compiled.fetch(value)
        model = queryset.model
        if not objects:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        if len(objects) > 1:
            raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}.")
        return objects[0]


class _Compiled:
    def __init__(self, lookup: PreparedLookup, queryset: QuerySet, connection):
        marker = f"qbank_slot_{secrets.token_hex(8)}"
        compiler = queryset.filter(**{lookup.field: marker}).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if list(params).count(marker) != 1:
            raise ValueError(f"{lookup.field!r} must appear once in the query's parameters")
        self.connection = connection
        self.statement = lookup.statement
        self.sql, self.params, self.slot = sql, list(params), params.index(marker)
        # Every other parameter inlined as the driver would quote it; the
        # marker, quoted as a string literal, becomes the statement's $1.
        self.prepared_sql = connection.ops.compose_sql(sql, params).replace(f"'{marker}'", "$1")
        self.prepared_on = weakref.WeakSet()  # driver connections holding the statement

        # What ModelIterable reads off a compiler that has run.
        select, klass_info = compiler.select, compiler.klass_info
        self.compiler = compiler
        self.converters = compiler.get_converters([column for column, *_ in select[: compiler.col_count]])
        self.model = klass_info["model"]
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model_columns = slice(first, last)
        self.attnames = [column.target.attname for column, *_ in select[first:last]]
        self.related_populators = get_related_populators(klass_info, select, connection.alias)
        self.annotations = list(compiler.annotation_col_map.items())

    def fetch(self, value) -> list:
        rows = self._rows(value)
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        objects = []
        for row in rows:
            obj = self.model.from_db(self.connection.alias, self.attnames, row[self.model_columns])
            for populator in self.related_populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def _rows(self, value):
        if not settings.DATABASE_PREPARED_STATEMENTS:
            params = self.params.copy()
            params[self.slot] = value
            return self._execute(self.sql, params)
        self._prepare()
        try:
            return self._execute(f"EXECUTE {self.statement}(%s)", [value])
        except Exception as error:
            # Outside a transaction the failed EXECUTE left nothing behind:
            # make the statement again and retry, once.
            if not isinstance(error.__cause__, _STALE_STATEMENT) or self.connection.in_atomic_block:
                raise
        self._prepare(again=True)
        return self._execute(f"EXECUTE {self.statement}(%s)", [value])

    def _prepare(self, again=False):
        self.connection.ensure_connection()
        driver = self.connection.connection
        if driver in self.prepared_on and not again:
            return
        with driver.cursor() as cursor:
            # Once per session: a statement of this name may be left from
            # before (an earlier compile, or one the server kept after an error).
            cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [self.statement])
            if cursor.fetchone():
                cursor.execute(f"DEALLOCATE {self.statement}")
            # A PREPARE outlives a rolled-back transaction: no savepoint needed.
            cursor.execute(f"PREPARE {self.statement} AS {self.prepared_sql}")
        self.prepared_on.add(driver)

    def _execute(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
