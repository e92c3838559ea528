"""An Anki package (.apkg, .colpkg) opened: its collection database and its
media, in either layout.

- legacy: `collection.anki2` (or `collection.anki21`), a `media` file of
  JSON `{"0": "name.png"}`, members named "0", "1"… holding the files;
- current (Anki 2.1.50+): `collection.anki21b` and every media member
  zstd-compressed, a `meta` member, and the `media` map protobuf-encoded
  (`MediaEntries`, decoded here by `media_entries`). Such packages also
  carry a stub `collection.anki2` telling old Anki to upgrade, so the
  newest collection present wins.

The database is deserialized into memory (no temporary file), with a
progress handler that stops any query running past the time budget.
"""

import json
import sqlite3
import time

import zstandard
from django.utils.translation import gettext as _

from .archive import BoundedArchive, ImportLimits
from .problems import problem

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
QUERY_SECONDS = 60.0


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def _fields(data: bytes):
    """(field number, wire type, value) of a protobuf message; only what the
    media map uses (varints and length-delimited), other wire types skipped."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(data, position)
        elif wire == 2:
            length, position = _varint(data, position)
            value, position = data[position : position + length], position + length
        elif wire == 1:
            value, position = data[position : position + 8], position + 8
        elif wire == 5:
            value, position = data[position : position + 4], position + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield number, wire, value


def media_entries(data: bytes) -> dict[str, str]:
    """Anki's `MediaEntries { repeated MediaEntry entries = 1; }` with
    `MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3;
    optional uint32 legacy_zip_filename = 255; }` → {zip member: name}.
    A member is named by the entry's index unless legacy_zip_filename says."""
    mapping = {}
    for index, (_number, wire, entry) in enumerate(item for item in _fields(data) if item[0] == 1):
        if wire != 2:
            raise ValueError("media entry is not a message")
        name, member = "", str(index)
        for field, field_wire, value in _fields(entry):
            if field == 1 and field_wire == 2:
                name = value.decode("utf-8")
            elif field == 255 and field_wire == 0:
                member = str(value)
        mapping[member] = name
    return mapping


class AnkiPackage:
    def __init__(self, data: bytes, limits: ImportLimits):
        self.archive = BoundedArchive(data, limits)
        names = self.archive.names
        self.collection_name = next((name for name in COLLECTIONS if name in names), None)
        if self.collection_name is None:
            raise problem("", _("not an Anki package (no collection.anki2, .anki21 or .anki21b)"))
        self.compressed = self.collection_name.endswith("b")
        self.limits = limits
        self.media = self._media_map()

    def _unpacked(self, name: str, limit: int | None = None) -> bytes:
        data = self.archive.read(name, None if self.compressed else limit)
        if not self.compressed:
            return data
        budget = min(limit or self.limits.member_bytes, self.limits.member_bytes)
        try:
            reader = zstandard.ZstdDecompressor().stream_reader(data)
            unpacked = reader.read(budget + 1)
        except zstandard.ZstdError as error:
            raise problem(name, _("cannot be unpacked (%(error)s)") % {"error": error}) from None
        if len(unpacked) > budget:
            raise problem(name, _("larger than %(size)s bytes") % {"size": budget})
        return unpacked

    def _media_map(self) -> dict[str, str]:
        """{name the notes use: zip member}."""
        if "media" not in self.archive.names:
            return {}
        raw = self._unpacked("media")
        try:
            if self.compressed:
                members = media_entries(raw)
            else:
                members = json.loads(raw.decode("utf-8") or "{}")
                if not isinstance(members, dict):
                    raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as error:
            raise problem(
                "media", _("the media list cannot be read (%(error)s)") % {"error": error}
            ) from None
        by_name = {}
        for member, name in members.items():
            if not isinstance(name, str) or member not in self.archive.names:
                continue
            by_name[name] = member
        return by_name

    def media_reader(self, name: str):
        member = self.media[name]
        return lambda limit: self._unpacked(member, limit)

    def database(self) -> sqlite3.Connection:
        raw = self._unpacked(self.collection_name)
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(raw)
        except sqlite3.DatabaseError:
            raise problem(self.collection_name, _("not an SQLite database")) from None
        # Anki's own collation, used by indexes of the current schema.
        connection.create_collation(
            "unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())
        )
        deadline = time.monotonic() + QUERY_SECONDS
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        return connection
