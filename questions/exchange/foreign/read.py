"""Which format a file is, told from its content, and its reader."""

from django.utils.translation import gettext as _

from .anki_read import read_anki
from .archive import ImportLimits
from .problems import problem

FOREIGN_FORMATS = ("anki",)
FORMATS = ("anki", "json", "article")


def detect_format(data: bytes, name: str = "") -> str:
    """anki, json or article, from the first bytes (and, for zip files,
    what they hold); the name's extension only breaks ties."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04":
        if b"collection.anki2" in data[: 1 << 20] or name.lower().endswith((".apkg", ".colpkg")):
            return "anki"
        raise problem("", _("a zip file that is not an Anki package"))
    if head.startswith(b"{"):
        return "json"
    return "article"


def read_foreign(format: str, data: bytes, name: str, limits: ImportLimits, mapping: dict | None = None):
    """(ForeignBank, MediaStore) of a file in a foreign format."""
    if len(data) > limits.file_bytes:
        raise problem("", _("the file is larger than %(size)s bytes") % {"size": limits.file_bytes})
    if format == "anki":
        return read_anki(data, name, limits, mapping)
    raise problem("", _("unknown format %(format)s") % {"format": format})
