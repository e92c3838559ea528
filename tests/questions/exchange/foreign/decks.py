"""Anki packages built by the tests: with genanki (as Anki-compatible tools
write them), and by hand with sqlite3 in the legacy layout and the current
one (zstd, protobuf media map), so that each reader path meets a real file."""

import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
import zstandard

BASIC = genanki.Model(
    1607392319,
    "Basic (and extra)",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}<hr>{{Extra}}"}],
)


def genanki_deck(notes, *, deck="Interview::ML", media=None) -> bytes:
    """notes: (front, back, extra, tags, guid) tuples; media: {name: bytes}."""
    anki_deck = genanki.Deck(2059400110, deck)
    for front, back, extra, tags, guid in notes:
        anki_deck.add_note(genanki.Note(model=BASIC, fields=[front, back, extra], tags=tags, guid=guid))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in (media or {}).items():
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(str(path))
        package = genanki.Package(anki_deck, media_files=paths)
        out = Path(folder) / "deck.apkg"
        package.write_to_file(str(out))
        return out.read_bytes()


def _legacy_db(notes, deck_name: str, fields=("Front", "Back")) -> bytes:
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE col (id integer primary key, models text, decks text);"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer,"
        " tags text, flds text, sfld text, csum integer, flags integer, data text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
    )
    models = {"1": {"name": "Basic", "flds": [{"name": name, "ord": i} for i, name in enumerate(fields)]}}
    db.execute(
        "INSERT INTO col VALUES (1, ?, ?)", [json.dumps(models), json.dumps({"7": {"name": deck_name}})]
    )
    db.executemany(
        "INSERT INTO notes VALUES (?, ?, 1, 0, 0, ?, ?, '', 0, 0, '')",
        [(i + 1, guid, f" {tags} ", "\x1f".join(values)) for i, (values, tags, guid) in enumerate(notes)],
    )
    db.executemany("INSERT INTO cards VALUES (?, ?, 7, 0)", [(i + 1, i + 1) for i in range(len(notes))])
    db.commit()
    return db.serialize()


def legacy_deck(
    notes, *, deck="Legacy", media=None, collection="collection.anki2", media_names=None
) -> bytes:
    """notes: ([field values], "tag1 tag2", guid). media: {name: bytes}."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(collection, _legacy_db(notes, deck))
        names = {}
        for index, (name, data) in enumerate((media or {}).items()):
            archive.writestr(str(index), data)
            names[str(index)] = name
        archive.writestr("media", json.dumps(media_names or names))
    return out.getvalue()


def _proto_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _proto_bytes(number: int, payload: bytes) -> bytes:
    return _proto_varint(number << 3 | 2) + _proto_varint(len(payload)) + payload


def media_entries_message(names) -> bytes:
    """Anki's MediaEntries: entries = 1 of MediaEntry {name = 1, size = 2, sha1 = 3}."""
    message = b""
    for name in names:
        entry = (
            _proto_bytes(1, name.encode())
            + _proto_varint(2 << 3)
            + _proto_varint(3)
            + _proto_bytes(3, b"\0" * 20)
        )
        message += _proto_bytes(1, entry)
    return message


def current_deck(notes, *, deck="Current", media=None) -> bytes:
    """The Anki 2.1.50+ layout: schema-18 tables, everything zstd-compressed."""
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE col (id integer primary key, models text, decks text);"
        "CREATE TABLE notetypes (id integer primary key, name text COLLATE NOCASE);"
        "CREATE TABLE fields (ntid integer, ord integer, name text);"
        "CREATE TABLE decks (id integer primary key, name text);"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer,"
        " tags text, flds text, sfld text, csum integer, flags integer, data text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
    )
    db.execute("INSERT INTO col VALUES (1, '', '')")
    db.execute("INSERT INTO notetypes VALUES (5, 'Cloze')")
    db.executemany("INSERT INTO fields VALUES (5, ?, ?)", [(0, "Text"), (1, "Back Extra")])
    db.execute("INSERT INTO decks VALUES (9, ?)", [deck.replace("::", "\x1f")])
    db.executemany(
        "INSERT INTO notes VALUES (?, ?, 5, 0, 0, ?, ?, '', 0, 0, '')",
        [(i + 1, guid, f" {tags} ", "\x1f".join(values)) for i, (values, tags, guid) in enumerate(notes)],
    )
    db.executemany("INSERT INTO cards VALUES (?, ?, 9, 0)", [(i + 1, i + 1) for i in range(len(notes))])
    db.commit()
    compress = zstandard.ZstdCompressor().compress
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("collection.anki2", b"please update Anki")
        archive.writestr("collection.anki21b", compress(db.serialize()))
        archive.writestr("meta", b"\x08\x03")
        media = media or {}
        for index, data in enumerate(media.values()):
            archive.writestr(str(index), compress(data))
        archive.writestr("media", compress(media_entries_message(media)))
    return out.getvalue()


def png(width=4, height=4, color=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()
