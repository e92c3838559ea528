"""New rows by Postgres' COPY, for the bulk import path.

`bulk_create` writes one multi-row INSERT whose SQL Django compiles value by
value and psycopg then scans and fills in again on the client: for 1,000
questions (30 columns, 30,000 parameters) that was most of the importing
process's own CPU, as much as rendering their Markdown. COPY takes the rows
as they are, adapted by psycopg's C dumpers. The primary keys are taken
from the table's sequence first, as INSERT … RETURNING would hand them back.

Triggers fire on COPY as on INSERT (row and statement triggers, transition
tables included), so search documents, similarity keys and the public pages'
content version stay current.
"""

from django.db import connections
from django.db.models import Field

# Field types whose database value is the attribute's own when that is a
# str, int, bool or None (what an import sets); any other value is prepared
# by the field, as INSERT would. Preparing 30 columns of 1,000 rows one
# value at a time cost as much as the COPY itself.
_PLAIN_FIELDS = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField",
}  # fmt: skip
_PLAIN_VALUES = (str, int, bool, type(None))


def _preparer(field, connection):
    """The function that turns an object into `field`'s database value."""
    attname = field.attname
    if type(field).pre_save is not Field.pre_save:  # auto_now and the like

        def value(obj):
            return field.pre_save(obj, True)
    else:

        def value(obj):
            return getattr(obj, attname)

    if field.get_internal_type() not in _PLAIN_FIELDS:
        return lambda obj: field.get_db_prep_save(value(obj), connection)

    def prepared(obj):
        raw = value(obj)
        return raw if type(raw) in _PLAIN_VALUES else field.get_db_prep_save(raw, connection)

    return prepared


def copy_insert(objs: list, using: str) -> list:
    """Insert `objs` (instances of one model) as `bulk_create` would: pks
    the objects lack are set from the sequence, and the objects are marked
    saved. Fields' `pre_save` and database preparation run as for INSERT."""
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[using]
    fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
    preparers = [_preparer(field, connection) for field in fields]
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, next_pks(model, len(missing), using), strict=True):
        obj.pk = pk
    copy_rows(
        model,
        [model._meta.pk.attname, *(field.attname for field in fields)],
        ([obj.pk, *(prepare(obj) for prepare in preparers)] for obj in objs),
        using,
    )
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return objs


def next_pks(model, count: int, using: str) -> list[int]:
    """`count` new primary keys of `model` from its table's sequence."""
    if not count:
        return []
    meta = model._meta
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(model, attnames: list[str], rows, using: str) -> None:
    """COPY `rows` (sequences of database values, one per name of
    `attnames`) into `model`'s table: for rows no model instance is built
    for (link tables of thousands of rows)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in attnames)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
