"""A zip archive read within bounds, before anything of it is trusted.

Anki packages (.apkg, .colpkg) and spreadsheets (.xlsx) are zip files: a few
kilobytes can claim gigabytes (a zip bomb), thousands of members, archives
inside archives, or member names that climb out of a directory (`../../x`).
The central directory is checked first (counts, names, claimed sizes and
ratios); each member is then read through a counter that stops at the limit
whatever the directory claimed, since the directory can lie.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .problems import problem

NESTED_ARCHIVE_SUFFIXES = (".zip", ".apkg", ".colpkg", ".xlsx", ".jar", ".gz", ".7z", ".rar", ".tar")


@dataclass(frozen=True)
class ImportLimits:
    file_bytes: int
    items: int
    members: int
    member_bytes: int
    total_bytes: int
    ratio: int
    media: int

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            file_bytes=settings.IMPORT_MAX_FILE_BYTES,
            items=settings.IMPORT_MAX_ITEMS,
            members=settings.IMPORT_MAX_ARCHIVE_MEMBERS,
            member_bytes=settings.IMPORT_MAX_MEMBER_BYTES,
            total_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            media=settings.IMPORT_MAX_MEDIA_FILES,
        )


def safe_member_name(name: str) -> bool:
    """A plain relative path: no drive, no root, no `..`, no backslash."""
    if not name or "\\" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return ".." not in posixpath.normpath(name).split("/") and "\x00" not in name


class BoundedArchive:
    """A zip file whose members are read only within `limits`."""

    def __init__(self, data: bytes, limits: ImportLimits, *, allow_nested: tuple[str, ...] = ()):
        if len(data) > limits.file_bytes:
            raise problem("", _("the file is larger than %(size)s bytes") % {"size": limits.file_bytes})
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError):
            raise problem("", _("not a valid zip archive")) from None
        self.limits = limits
        self.unpacked = 0
        members = self.zip.infolist()
        if len(members) > limits.members:
            raise problem("", _("the archive holds more than %(count)s files") % {"count": limits.members})
        claimed = 0
        for member in members:
            self._check_member(member, allow_nested)
            claimed += member.file_size
        if claimed > limits.total_bytes:
            raise problem(
                "", _("the archive unpacks to more than %(size)s bytes") % {"size": limits.total_bytes}
            )
        self.names = {member.filename for member in members}

    def _check_member(self, member: zipfile.ZipInfo, allow_nested: tuple[str, ...]) -> None:
        name = member.filename
        if not safe_member_name(name):
            raise problem(name, _("a file name outside the archive's folder"))
        if name.lower().endswith(NESTED_ARCHIVE_SUFFIXES) and name not in allow_nested:
            raise problem(name, _("an archive inside the archive"))
        if member.file_size > self.limits.ratio * max(member.compress_size, 1) and member.file_size > 1 << 20:
            raise problem(
                name, _("compressed more than %(ratio)s times: a zip bomb?") % {"ratio": self.limits.ratio}
            )
        if member.file_size > self.limits.member_bytes:
            raise problem(name, _("larger than %(size)s bytes unpacked") % {"size": self.limits.member_bytes})

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The member, read at most up to its limits (and the archive's total)."""
        budget = min(self.limits.member_bytes, self.limits.total_bytes - self.unpacked)
        if limit is not None and limit < budget:
            if self.zip.getinfo(name).file_size > limit:
                raise problem(name, _("larger than %(size)s bytes") % {"size": limit})
            budget = limit
        try:
            with self.zip.open(name) as member:
                data = member.read(budget + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise problem(name, _("cannot be unpacked (%(error)s)") % {"error": error}) from None
        if len(data) > budget:
            raise problem(name, _("unpacks to more than its size limit"))
        self.unpacked += len(data)
        return data
