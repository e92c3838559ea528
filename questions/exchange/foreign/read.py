"""Which format a file is, told from its content, and its reader."""

from django.utils.translation import gettext as _

from .anki_read import read_anki
from .archive import ImportLimits
from .media import no_media
from .moodle_read import read_moodle
from .problems import ImportProblems, problem
from .spreadsheet import decode_csv, read_spreadsheet

FOREIGN_FORMATS = ("anki", "moodle", "csv", "xlsx")
FORMATS = ("anki", "moodle", "csv", "xlsx", "json", "article")


def detect_format(data: bytes, name: str = "") -> str:
    """One of FORMATS, from the first bytes (and, for zip files, what they
    hold); the name's extension only breaks ties between text formats."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04":
        # Member names are in each member's header and in the directory at the end.
        names = data[: 1 << 20] + data[-(1 << 20) :]
        if b"collection.anki2" in names or name.lower().endswith((".apkg", ".colpkg")):
            return "anki"
        if b"xl/workbook.xml" in names:
            return "xlsx"
        raise problem("", _("a zip file that is neither an Anki package nor an XLSX workbook"))
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"<") and b"<quiz" in data[: 1 << 16]:
        return "moodle"
    if name.lower().endswith((".csv", ".tsv")) or _looks_like_a_header(head):
        return "csv"
    return "article"


def _looks_like_a_header(head: bytes) -> bool:
    """A first line of delimited column names that include an answer column."""
    try:
        first = decode_csv(head.split(b"\n", 1)[0]).strip().casefold()
    except ImportProblems:
        return False
    cells = {cell.strip().strip('"') for cell in first.replace("\t", ",").replace(";", ",").split(",")}
    return len(cells) > 1 and bool(cells & {"answer", "答案", "back"})


def read_foreign(format: str, data: bytes, name: str, limits: ImportLimits, mapping: dict | None = None):
    """(ForeignBank, MediaStore) of a file in a foreign format."""
    if len(data) > limits.file_bytes:
        raise problem("", _("the file is larger than %(size)s bytes") % {"size": limits.file_bytes})
    if format == "anki":
        return read_anki(data, name, limits, mapping)
    if format == "moodle":
        return read_moodle(data, name, limits, mapping)
    if format in ("csv", "xlsx"):
        return read_spreadsheet(format, data, name, limits, mapping), no_media()
    raise problem("", _("unknown format %(format)s") % {"format": format})
