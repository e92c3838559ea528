"""Anki notes → `ForeignItem`s.

Each note type's fields are mapped to roles (title, prompt, answer,
explanation, key points): by the mapping when it names them, else by the
fields' names (Front/Back/Extra, Text, 问题/答案/解析…), else by position
(first → prompt, second → answer, third → explanation). Cloze notes
(`{{c1::…}}`) become one question each: the text with blanks as prompt,
the text with the deletions in bold as answer (`texts.cloze_question`).
The note's deck is its group (the mapping makes it a category or tags);
its tags become tags, `difficulty::hard` its difficulty. A note exported
by qbank (guid `qbank:<slug>`) is matched to that question again.
"""

import json
import re
import sqlite3

from django.utils.translation import gettext as _

from .anki_package import AnkiPackage
from .archive import ImportLimits
from .html_markdown import html_to_markdown
from .items import ForeignBank, ForeignItem
from .key_points_read import key_points_from_html
from .media import MediaStore
from .problems import problem
from .solutions_read import solutions_from_html
from .texts import CLOZE, cloze_question, no_answer, tag_name, title_and_body

ROLES = ("title", "prompt", "answer", "explanation", "key_points", "solutions")
MARKDOWN_ROLES = ("title", "prompt", "answer", "explanation")
_ROLE_NAMES = {
    "title": {"title", "标题"},
    "prompt": {"front", "question", "prompt", "text", "问题", "正面", "题目"},
    "answer": {"back", "answer", "答案", "背面"},
    "explanation": {"extra", "back extra", "explanation", "notes", "解析", "说明"},
    "key_points": {"key points", "要点"},
    "solutions": {"solutions", "solutions by language", "多语言解法"},
}
_SOUND = re.compile(r"\[sound:[^\]]*\]")
QBANK_GUID_PREFIX = "qbank:"


def field_roles(field_names: list[str], chosen: dict[str, str] | None = None) -> dict[str, int]:
    """Role → field index for one note type."""
    if chosen:
        roles = {role: field_names.index(name) for role, name in chosen.items() if name in field_names}
        if "answer" in roles or "prompt" in roles:
            return roles
    roles = {}
    for index, name in enumerate(field_names):
        for role, names in _ROLE_NAMES.items():
            if name.strip().casefold() in names and role not in roles:
                roles[role] = index
    if "prompt" not in roles and "title" not in roles:
        taken = set(roles.values())
        for role, index in zip(("prompt", "answer", "explanation"), range(len(field_names)), strict=False):
            if role not in roles and index not in taken:
                roles[role] = index
    return roles


def _note_types(db: sqlite3.Connection) -> dict[int, tuple[str, list[str]]]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "notetypes" in tables:
        fields: dict[int, list[tuple[int, str]]] = {}
        for ntid, ord_, name in db.execute("SELECT ntid, ord, name FROM fields"):
            fields.setdefault(ntid, []).append((ord_, name))
        return {
            ntid: (name, [field for _ord, field in sorted(fields.get(ntid, []))])
            for ntid, name in db.execute("SELECT id, name FROM notetypes")
        }
    (models,) = db.execute("SELECT models FROM col").fetchone()
    return {
        int(ntid): (model["name"], [f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"])])
        for ntid, model in json.loads(models or "{}").items()
    }


def _decks(db: sqlite3.Connection) -> dict[int, str]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "decks" in tables:
        return {did: name.replace("\x1f", "::") for did, name in db.execute("SELECT id, name FROM decks")}
    (decks,) = db.execute("SELECT decks FROM col").fetchone()
    return {int(did): deck["name"] for did, deck in json.loads(decks or "{}").items()}


def read_anki(data: bytes, name: str, limits: ImportLimits, mapping: dict | None = None):
    """(ForeignBank, MediaStore) of an .apkg or .colpkg."""
    mapping = mapping or {}
    package = AnkiPackage(data, limits)
    media = MediaStore(
        {media_name: package.media_reader(media_name) for media_name in package.media}, max_files=limits.media
    )
    bank = ForeignBank(format="anki", name=name)
    db = package.database()
    try:
        (count,) = db.execute("SELECT count(*) FROM notes").fetchone()
        if count > limits.items:
            raise problem("", _("more than %(count)s notes") % {"count": limits.items})
        note_types, decks = _note_types(db), _decks(db)
        bank.layouts = {type_name: fields for type_name, fields in note_types.values()}
        roles_of = {
            ntid: field_roles(fields, mapping.get("fields", {}).get(type_name))
            for ntid, (type_name, fields) in note_types.items()
        }
        # SQLite takes a bare column from the row of min(): each note's first card.
        deck_of = {
            nid: did for nid, did, _ord in db.execute("SELECT nid, did, min(ord) FROM cards GROUP BY nid")
        }
        # Fetched first: the time bound is the queries', not the conversion's.
        rows = db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id").fetchall()
    except sqlite3.Error as error:
        raise problem(package.collection_name, _("cannot be read (%(error)s)") % {"error": error}) from None
    finally:
        db.close()
    # Images and sounds first (the media store keeps what it checked), then
    # the conversion to Markdown: most of an import's reading time.
    notes = []
    for note_id, guid, mid, tags, fields in rows:
        location, roles = f"note {note_id}", roles_of.get(mid)
        if roles is None:
            bank.skipped.append((location, _("its note type is missing")))
            continue
        html = _note_html(bank, media, roles, location, str(fields).split("\x1f"))
        notes.append((location, str(guid), str(tags), decks.get(deck_of.get(note_id), ""), html))
    markdown = [html_to_markdown(html.get(role, "")) for *_meta, html in notes for role in MARKDOWN_ROLES]
    for index, (location, guid, tags, deck, html) in enumerate(notes):
        start = index * len(MARKDOWN_ROLES)
        texts = dict(zip(MARKDOWN_ROLES, markdown[start : start + len(MARKDOWN_ROLES)], strict=True))
        texts["key_points"] = key_points_from_html(html.get("key_points", ""))
        texts["solutions"] = solutions_from_html(html.get("solutions", ""))
        _add_note(bank, location, guid, tags, deck, texts)
    return bank, media


def _note_html(bank, media, roles, location, fields) -> dict[str, str]:
    """Role → the field's HTML, its sounds cut and its images checked and rewritten."""
    html = {}
    for role, index in roles.items():
        if index >= len(fields):
            continue
        value = fields[index]
        if _SOUND.search(value):
            bank.skipped.append((location, _("sounds are not imported")))
            value = _SOUND.sub("", value)
        html[role] = media.rewrite_images(value, location)
    return html


def _add_note(bank, location, guid, tags, deck, texts: dict[str, str]) -> None:
    prompt, answer = texts["prompt"], texts["answer"]
    if CLOZE.search(prompt):
        cloze_prompt, cloze_answer = cloze_question(prompt)
        prompt, answer = cloze_prompt, "\n\n".join(part for part in (cloze_answer, answer) if part)
    if not answer.strip():
        bank.skipped.append((location, no_answer()))
        return
    title, body = title_and_body(prompt, texts["title"])
    item = ForeignItem(
        external_id=guid, location=location, title=title, body=body, answer=answer,
        explanation=texts["explanation"], key_points=texts["key_points"], solutions=texts["solutions"],
        group=deck,
    )  # fmt: skip
    if guid.startswith(QBANK_GUID_PREFIX):
        item.slug = guid.removeprefix(QBANK_GUID_PREFIX)
    for tag in tags.split():
        if tag.startswith("difficulty::"):
            item.difficulty = tag.removeprefix("difficulty::")
        elif tag.startswith("qbank::"):
            item.category = tag.removeprefix("qbank::")
        elif name := tag_name(tag):
            item.tags.append(name)
    bank.add(item)
