"""Spreadsheets (CSV, XLSX) → `ForeignItem`s: a header row, one question a row.

Columns are told by their header (English or Chinese names, or the
mapping's `columns`: {header: role}); roles are title, prompt, answer,
explanation, category, tags, difficulty, key_points and id (what a row is
matched on when imported again; without it, the title). CSV may be UTF-8
with or without a BOM, or GBK (GB18030, its superset), tried when the
bytes are not UTF-8; the delimiter (comma, tab, semicolon) is sniffed from
the header. XLSX is read by openpyxl in read-only mode, after the archive
checks, with formulas kept as their text (`=HYPERLINK(…)` stays text:
nothing is evaluated) and its XML parsed by defusedxml. Rows are numbered as
the spreadsheet numbers them (the header is row 1) in every message.
"""

import csv
import io
import re
import zipfile
from datetime import date, datetime

from django.utils.translation import gettext as _

from .archive import BoundedArchive, ImportLimits
from .html_markdown import plain_text_to_markdown
from .items import ForeignBank, ForeignItem
from .problems import ImportProblems, problem
from .texts import tag_name, title_and_body

ROLES = (
    "id",
    "title",
    "prompt",
    "answer",
    "explanation",
    "category",
    "tags",
    "difficulty",
    "key_points",
    "solutions",
)
_HEADERS = {
    "id": {"id", "external id", "编号"},
    "title": {"title", "question title", "标题"},
    "prompt": {"prompt", "question", "body", "front", "问题", "题目"},
    "answer": {"answer", "back", "答案"},
    "explanation": {"explanation", "extra", "notes", "解析"},
    "category": {"category", "分类", "类别"},
    "tags": {"tags", "tag", "标签"},
    "difficulty": {"difficulty", "难度"},
    "key_points": {"key points", "key_points", "keypoints", "要点"},
    "solutions": {"solutions", "solutions by language", "多语言解法"},
}
_DIFFICULTIES = {
    "easy": "easy",
    "medium": "medium",
    "hard": "hard",
    "简单": "easy",
    "中等": "medium",
    "困难": "hard",
}
_TAG_SEPARATORS = re.compile(r"[,;，；、|]")


def column_roles(headers: list[str], chosen: dict[str, str] | None = None) -> dict[str, int]:
    """Role → column index."""
    roles = {}
    for index, header in enumerate(headers):
        role = (chosen or {}).get(header)
        if role is None:
            role = next((r for r, names in _HEADERS.items() if header.strip().casefold() in names), None)
        if role in ROLES and role not in roles:
            roles[role] = index
    return roles


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise problem(f"line {line}", _("neither UTF-8 nor GBK text")) from None


def csv_rows(data: bytes):
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def xlsx_rows(data: bytes, limits: ImportLimits):
    from openpyxl import load_workbook  # imported when used: a second of import time otherwise

    BoundedArchive(data, limits)  # the zip checks before openpyxl unpacks anything
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise problem("", _("not a readable XLSX workbook (%(error)s)") % {"error": error}) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if value is None else _cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_spreadsheet(format: str, data: bytes, name: str, limits: ImportLimits, mapping: dict | None = None):
    rows = xlsx_rows(data, limits) if format == "xlsx" else csv_rows(data)
    bank = ForeignBank(format=format, name=name)
    try:
        headers = next(rows)
    except StopIteration:
        raise problem("row 1", _("the file is empty")) from None
    except csv.Error as error:
        raise problem("row 1", str(error)) from None
    bank.layouts = {"columns": headers}
    roles = column_roles(headers, (mapping or {}).get("columns"))
    if "answer" not in roles or not {"title", "prompt"} & set(roles):
        raise problem(
            "row 1",
            _("the header row must name an answer column and a title or question column (found: %(found)s)")
            % {"found": ", ".join(header for header in headers if header) or "-"},
        )
    problems = []
    try:
        for number, row in enumerate(rows, start=2):
            if number - 1 > limits.items:
                raise problem("", _("more than %(count)s rows") % {"count": limits.items})
            if not any(cell.strip() for cell in row):
                continue
            try:
                bank.add(_item(row, roles, f"row {number}"))
            except ImportProblems as error:
                problems += error.problems
    except csv.Error as error:
        raise problem(f"row {number}", str(error)) from None
    if problems:
        raise ImportProblems(problems)
    return bank


def _item(row: list[str], roles: dict[str, int], location: str) -> ForeignItem:
    def cell(role: str) -> str:
        index = roles.get(role)
        return plain_text_to_markdown(row[index]) if index is not None and index < len(row) else ""

    answer = cell("answer")
    if not answer:
        raise problem(location, _("no answer"))
    title, body = title_and_body(cell("prompt"), cell("title"))
    if not title:
        raise problem(location, _("no title or question"))
    category = cell("category")
    return ForeignItem(
        external_id=cell("id") or title,
        location=location,
        title=title,
        body=body,
        answer=answer,
        explanation=cell("explanation"),
        group=category,
        category=category,
        tags=[name for raw in _TAG_SEPARATORS.split(cell("tags")) if (name := tag_name(raw))],
        difficulty=_DIFFICULTIES.get(cell("difficulty").casefold(), ""),
        key_points=cell("key_points"),
        solutions=cell("solutions"),
    )
