"""The qbank JSON format: what a file holds and how a file is checked.

`load_document` decodes and checks a whole file before anything is written,
so an import either loads a well-formed document or names what is wrong with
it (the JSON line, or the record and field).
"""

import json
import re
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from questions.exchange.parser import ParseError

FORMAT = "qbank"
VERSION = 1

CATEGORY_FIELDS = ("slug", "name", "description", "ordering")
TAG_FIELDS = ("slug", "name")
SOURCE_FIELDS = (
    "slug", "title", "language", "url", "intro", "conclusion", "appendix", "notes",
    "created_at", "updated_at",
)  # fmt: skip
QUESTION_FIELDS = (
    "slug", "title", "category", "difficulty", "body", "answer", "explanation", "editor_note", "key_points",
    "solutions", "status", "author", "source", "source_position", "tags", "created_at", "updated_at",
    "published_at", "submitted_by", "reviewed_by", "last_reviewed_at",
)  # fmt: skip
# The columns a question's JSON fields land in, and which are compared to
# decide whether an existing question changed.
QUESTION_COLUMNS = (
    "title", "category_id", "difficulty", "body", "answer", "explanation", "editor_note", "key_points",
    "solutions", "status", "author_id", "source_id", "source_position", "created_at", "updated_at",
    "published_at", "submitted_by_id", "reviewed_by_id", "last_reviewed_at",
)  # fmt: skip
# Workflow fields that may be empty (null in the JSON).
OPTIONAL_USERS = ("author", "submitted_by", "reviewed_by")
OPTIONAL_MOMENTS = ("published_at", "last_reviewed_at")
SOURCE_COLUMNS = SOURCE_FIELDS[1:]

_TEXT = str
_OPTIONAL_TEXT = (str, type(None))
_SCHEMA = {
    "categories": {"slug": _TEXT, "name": _TEXT, "description": _TEXT, "ordering": int},
    "tags": {"slug": _TEXT, "name": _TEXT},
    "sources": {name: _TEXT for name in SOURCE_FIELDS},
    "questions": {
        **{name: _TEXT for name in QUESTION_FIELDS},
        **{name: _OPTIONAL_TEXT for name in (*OPTIONAL_USERS, *OPTIONAL_MOMENTS)},
        "source": _OPTIONAL_TEXT,
        "source_position": (int, type(None)),
        "tags": list,
    },
}
_REQUIRED = {
    "categories": {"slug", "name"},
    "tags": {"slug", "name"},
    "sources": {"slug", "title"},
    "questions": {"slug", "title", "category", "answer"},
}


class BankFormatError(ValueError):
    """The JSON is well formed but is not a qbank export we can load.
    `record`: (kind, index, field or None) of the record at fault, when
    there is one, so that the file's line can be named (`record_line`)."""

    def __init__(self, message: str, record: tuple[str, int, str | None] | None = None):
        super().__init__(message)
        self.record = record


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def record_line(text: str, kind: str, index: int, field: str | None = None) -> int | None:
    """The line of `text` (a checked document's JSON) where record `index`
    of `kind` starts, or where its `field` does; None if it is not there.
    Only the values on the way are decoded, not the whole document again."""
    position = _member(text, _skip(text, 0), kind)
    if position is None or text[position] != "[":
        return None
    for number, element in enumerate(_elements(text, position)):
        if number == index:
            if field is not None and text[element] == "{":
                element = _member(text, element, field, key=True) or element
            return text.count("\n", 0, element) + 1
    return None


def _skip(text: str, position: int) -> int:
    return _SPACE.match(text, position).end()


def _member(text: str, position: int, name: str, *, key: bool = False) -> int | None:
    """Where the value (or with `key`, the key) of the object at `position`'s
    member `name` starts; the last one, as `json.loads` keeps the last."""
    found = None
    position = _skip(text, position + 1)
    while text[position] == '"':
        member, end = json.decoder.scanstring(text, position + 1)
        value = _skip(text, _skip(text, end) + 1)  # past the colon
        if member == name:
            found = position if key else value
        _value, end = _DECODER.raw_decode(text, value)
        position = _skip(text, end)
        if text[position] == ",":
            position = _skip(text, position + 1)
    return found


def _elements(text: str, position: int):
    """Where each element of the array at `position` starts."""
    position = _skip(text, position + 1)
    while text[position] != "]":
        yield position
        _value, end = _DECODER.raw_decode(text, position)
        position = _skip(text, end)
        if text[position] == ",":
            position = _skip(text, position + 1)


def load_document(data: bytes) -> dict:
    """Decode and check a JSON export. Raises `ParseError` (bad JSON, with its
    line) or `BankFormatError` (naming the record and field)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(data[: error.start].count(b"\n") + 1, _("the file is not UTF-8")) from None
    if not text.strip():
        raise ParseError(1, _("the file is empty"))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(error.lineno, _("not valid JSON: %(error)s") % {"error": error.msg}) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BankFormatError(_("this is not a qbank JSON export (no “format”: “qbank”)"))
    if document.get("version") != VERSION:
        raise BankFormatError(
            _("unsupported version %(version)s (this qbank reads version %(supported)s)")
            % {"version": document.get("version"), "supported": VERSION}
        )
    for kind, schema in _SCHEMA.items():
        records = document.setdefault(kind, [])
        if not isinstance(records, list):
            raise BankFormatError(_("“%(kind)s” must be a list") % {"kind": kind})
        for index, record in enumerate(records):
            _check_record(kind, index, record, schema)
    return document


def _check_record(kind: str, index: int, record, schema: dict) -> None:
    where = f"{kind}[{index}]"
    if not isinstance(record, dict):
        raise BankFormatError(_("%(where)s must be an object") % {"where": where})
    if missing := _REQUIRED[kind] - set(record):
        raise BankFormatError(
            _("%(where)s lacks %(fields)s") % {"where": where, "fields": ", ".join(sorted(missing))}
        )
    if unknown := set(record) - set(schema):
        raise BankFormatError(
            _("%(where)s has unknown fields: %(fields)s")
            % {"where": where, "fields": ", ".join(sorted(unknown))}
        )
    for name, value in record.items():
        if not isinstance(value, schema[name]) or isinstance(value, bool):
            raise BankFormatError(
                _("%(where)s.%(field)s has the wrong type") % {"where": where, "field": name}
            )
    if kind == "questions" and not all(isinstance(tag, str) for tag in record.get("tags", [])):
        raise BankFormatError(_("%(where)s.tags must be a list of tag slugs") % {"where": where})
    for name in ("created_at", "updated_at", *OPTIONAL_MOMENTS):
        if record.get(name) is not None:
            try:
                moment = datetime.fromisoformat(record[name])
            except ValueError:
                moment = None
            if moment is None or timezone.is_naive(moment):
                raise BankFormatError(
                    _("%(where)s.%(field)s is not a date and time with a time zone")
                    % {"where": where, "field": name}
                )
