"""A category's published questions as a file: built once per change of the
category, streamed.

A download is keyed by the category's `published_version`, which Postgres
triggers move whenever one of its public questions (or a tag or source they
show) changes. The first request for a version streams the file while
writing it beside (DOWNLOADS_CACHE_DIR, then an atomic rename); every later
request streams the finished file from disk. Either way the first byte
leaves at once, questions are read a chunk at a time, and no process holds
the whole file in memory (55 MB for a category of 25,000 questions).

Two first requests at the same moment both build (the second rename wins,
with the same content); a visitor who leaves midway leaves no file behind.
Files of older versions are removed when a new one is complete. With
several app servers each builds its own copy (the directory is local).
"""

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

from .exchange import anki, markdown_export
from .models import Question

# Questions read from Postgres per round trip while writing.
CHUNK_SIZE = 500
# Bytes handed to the server at a time while building.
SEND_SIZE = 64 * 1024


@dataclass(frozen=True)
class Format:
    pieces: object  # questions → the file's text, piece by piece
    content_type: str
    suffix: str


FORMATS = {
    # URL suffix → format
    "md": Format(markdown_export.markdown_pieces, "text/markdown; charset=utf-8", ".md"),
    "anki.txt": Format(anki.anki_pieces, "text/plain; charset=utf-8", "-anki.txt"),
}


def category_download(category, fmt: str):
    """The response for `category`'s download in `fmt` (a key of FORMATS)."""
    form = FORMATS[fmt]
    directory = Path(settings.DOWNLOADS_CACHE_DIR)
    stem = f"{category.slug}{form.suffix}"
    # Labels in the file (“Explanation”) are in the reader's language.
    language = translation.get_language()
    path = directory / f"{category.pk}-v{category.published_version}-{language}-{stem}"
    filename = f"qbank-{stem}"
    if path.exists():
        response = FileResponse(path.open("rb"), content_type=form.content_type)
    else:
        directory.mkdir(parents=True, exist_ok=True)
        questions = (
            Question.objects.published()
            .filter(category=category)
            .for_export()
            .iterator(chunk_size=CHUNK_SIZE)
        )
        response = StreamingHttpResponse(
            _write_while_sending(
                form.pieces(questions), path, f"{category.pk}-v*-{language}-{stem}", language
            ),
            content_type=form.content_type,
        )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _write_while_sending(pieces, path: Path, pattern: str, language: str):
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    complete = False
    try:
        # The server iterates the response after the view has returned.
        with translation.override(language), partial.open("wb") as file:
            batch = []
            size = 0
            for number, piece in enumerate(pieces):
                data = piece.encode()
                file.write(data)
                batch.append(data)
                size += len(data)
                # The first piece (the file's header) leaves at once, before
                # the first questions are read.
                if size >= SEND_SIZE or number == 0:
                    yield b"".join(batch)
                    batch, size = [], 0
            if batch:
                yield b"".join(batch)
        os.replace(partial, path)
        complete = True
    finally:
        if not complete:
            partial.unlink(missing_ok=True)
    for older in path.parent.glob(pattern):
        if older != path:
            older.unlink(missing_ok=True)
