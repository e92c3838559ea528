"""Images that come with an imported bank, kept as editors' uploads are.

Each one a question refers to passes the upload checks (size, type, frames ×
pixels from the header), is decoded and encoded again without metadata
(questions/editorial/images.py), and is stored under a name made of its
content's hash: importing the same deck twice stores nothing twice, and a
file's own name (`../../x`) is never a path here. Files are written only
once the import's transaction commits; a dry run writes none.
"""

import hashlib
from collections.abc import Callable
from io import BytesIO
from urllib.parse import unquote

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from questions.editorial.images import IMAGE_FORMATS, frames_within_budget, reencoded

from .archive import safe_member_name
from .problems import ImportProblems, problem

IMPORT_MEDIA_PATH = "markdownx/imported/"


class MediaStore:
    """The media of one file: `files` maps a name the texts use to a
    function reading its bytes at most up to a size."""

    def __init__(self, files: dict[str, Callable[[int], bytes]], *, max_files: int):
        if len(files) > max_files:
            raise problem("", _("more than %(count)s media files") % {"count": max_files})
        for name in files:
            if not safe_member_name(name) or "/" in name:
                raise problem(name, _("a media file name that is not a plain file name"))
        self.files = files
        self.urls: dict[str, str] = {}
        self.pending: dict[str, bytes] = {}
        self.missing: set[str] = set()

    def url_for(self, name: str) -> str | None:
        """The stored image's URL, or None when the file has no such media."""
        if name in self.urls:
            return self.urls[name]
        if name not in self.files:
            self.missing.add(name)
            return None
        try:
            raw = self.files[name](settings.MARKDOWNX_UPLOAD_MAX_SIZE)
        except ImportProblems as error:  # named by the archive's member: say the file's name
            raise ImportProblems([(name, message) for _where, message in error.problems]) from None
        data, extension = self._checked(name, raw)
        path = f"{IMPORT_MEDIA_PATH}{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
        self.pending[path] = data
        self.urls[name] = default_storage.url(path)
        return self.urls[name]

    @staticmethod
    def _checked(name: str, data: bytes) -> tuple[bytes, str]:
        if len(data) > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
            raise problem(
                name, _("larger than %(size)s bytes") % {"size": settings.MARKDOWNX_UPLOAD_MAX_SIZE}
            )
        try:
            image = Image.open(BytesIO(data))
        except (UnidentifiedImageError, OSError):
            raise problem(name, _("not a JPEG, PNG, GIF or WebP image")) from None
        with image:
            if image.format not in IMAGE_FORMATS:
                raise problem(name, _("not a JPEG, PNG, GIF or WebP image"))
            if not frames_within_budget(image):
                raise problem(name, _("the image has too many frames or pixels"))
            try:
                return reencoded(image)
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                raise problem(name, _("the image cannot be decoded (%(error)s)") % {"error": error}) from None

    def rewrite_images(self, fragment: str, location: str) -> str:
        """`<img src="name">` → the stored image's URL, in field HTML."""
        if "<img" not in fragment:
            return fragment
        soup = BeautifulSoup(fragment, "html.parser")
        for image in soup.find_all("img"):
            source = image.get("src") or ""
            if source not in self.files:  # Moodle writes names URL-encoded
                source = unquote(source)
            try:
                url = self.url_for(source)
            except ImportProblems as error:
                error.problems = [(f"{location}: {where}", message) for where, message in error.problems]
                raise
            if url:
                image["src"] = url
        return str(soup)

    def save(self) -> None:
        """Write the checked images (after the import commits)."""
        for path, data in self.pending.items():
            if not default_storage.exists(path):
                default_storage.save(path, ContentFile(data))


def no_media() -> MediaStore:
    return MediaStore({}, max_files=0)
