"""A category's published questions as a file: built once per change of the
category and machine, streamed.

A download is keyed by the category's `published_version`, which Postgres
triggers move whenever one of its public questions (or a tag or source they
show) changes. The first request for a version builds the file: it streams
it while writing it beside (DOWNLOADS_CACHE_DIR), then renames it into
place; every later request streams the finished file from disk. Either way
the first byte leaves at once, questions are read a chunk at a time from a
server-side cursor with only the columns the format writes, and written
question by question: no process holds the whole file, nor an article of it,
in memory (55 MB for a category of 25,000 questions).

Exactly one request per machine builds a given file, whatever the number of
workers and threads: the builder holds an exclusive `flock` on a lock file
beside the target (the directory is this machine's, so a file lock has the
right scope; each app server builds its own copy). Its partial file is
locked too, from before it is visible until it is renamed into place or
removed, so "locked" means "a live builder is writing this". A request that
arrives during the build follows the partial file as it grows and ends when
the builder lets go: complete if the file it read is now the finished one,
an error otherwise (a builder whose visitor left, or that died, leaves no
complete file) — never a truncated file passed off as whole. A follower
that gets no new byte for FOLLOW_TIMEOUT gives up: no request holds a
worker waiting for longer than that without sending anything.

Files of older versions, and their lock files, are removed when a new
version is complete.
"""

import fcntl
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ..exchange import anki, markdown_export
from ..models import Question

# Questions read from Postgres per round trip while writing.
CHUNK_SIZE = 500
# Bytes handed to the server at a time.
SEND_SIZE = 64 * 1024
# Longest a request waits (seconds) for a build in progress to give it a new
# byte, before it answers 503 (nothing sent yet) or breaks off the stream.
FOLLOW_TIMEOUT = 2.0
# How often a waiting request looks again.
POLL_SECONDS = 0.02
RETRY_AFTER_SECONDS = 5


class IncompleteDownload(Exception):
    """The build a request was streaming stopped before the end of the file:
    the response is broken off, so the client sees a failed download."""


@dataclass(frozen=True)
class Format:
    pieces: object  # questions → the file's text, piece by piece
    content_type: str
    suffix: str
    fields: tuple[str, ...]  # the question's columns the file writes


# The question's columns each format writes: never those it does not (the
# rendered HTML is as large as the Markdown source); a source article's text
# comes with its questions.
MARKDOWN_FIELDS = (
    "title", "slug", "difficulty", "body", "answer", "explanation", "editor_note", "key_points",
    "solutions", "source_position", "source__title", "source__slug", "source__language", "source__url",
    "source__intro", "source__conclusion", "source__appendix",
)  # fmt: skip
ANKI_FIELDS = (
    "title", "slug", "difficulty", "body_html", "answer_html", "explanation_html", "editor_note_html",
    "solutions_html", "key_points",
)  # fmt: skip

FORMATS = {
    # URL suffix → format
    "md": Format(markdown_export.markdown_pieces, "text/markdown; charset=utf-8", ".md", MARKDOWN_FIELDS),
    "anki.txt": Format(anki.anki_pieces, "text/plain; charset=utf-8", "-anki.txt", ANKI_FIELDS),
}


@dataclass(frozen=True)
class Target:
    """The finished file and the two files beside it while it is built."""

    path: Path

    @property
    def lock(self) -> Path:
        return self.path.with_name(f".{self.path.name}.lock")

    @property
    def partial(self) -> Path:
        return self.path.with_name(f".{self.path.name}.partial")


def category_download(category, fmt: str):
    """The response for `category`'s download in `fmt` (a key of FORMATS)."""
    form = FORMATS[fmt]
    directory = Path(settings.DOWNLOADS_CACHE_DIR)
    stem = f"{category.slug}{form.suffix}"
    # Labels in the file (“Explanation”) are in the reader's language.
    language = translation.get_language()
    target = Target(directory / f"{category.pk}-v{category.published_version}-{language}-{stem}")
    response = _serve(target, form, category, language, older=f"{category.pk}-v*-{language}-{stem}")
    if response.status_code == 200:
        response["Content-Disposition"] = content_disposition_header(True, f"qbank-{stem}")
    return response


def _serve(target: Target, form: Format, category, language: str, older: str):
    started = time.monotonic()
    while True:
        if target.path.exists():
            return FileResponse(target.path.open("rb"), content_type=form.content_type)
        target.path.parent.mkdir(parents=True, exist_ok=True)
        lock = target.lock.open("ab")
        if _flocked(lock, fcntl.LOCK_EX):
            # A lock file removed (with an older version) after we opened it
            # locks nothing; and the file may have been finished meanwhile.
            if not _same_file(target.lock, lock) or target.path.exists():
                lock.close()
                continue
            # A server-side cursor, CHUNK_SIZE rows a round trip: the worker
            # holds one chunk, whatever the size of the category.
            questions = (
                Question.objects.published()
                .filter(category=category)
                .for_download(form.fields)
                .iterator(chunk_size=CHUNK_SIZE)
            )
            try:
                build = Build(form.pieces(questions), target, lock, language, older)
            except BaseException:
                lock.close()  # a full disk, say: the next request may try again
                raise
            return StreamingHttpResponse(build, content_type=form.content_type)
        lock.close()
        partial = _live_partial(target)
        if partial is not None:
            return StreamingHttpResponse(Follow(partial, target, started), content_type=form.content_type)
        # The builder is starting or finishing (or one just died): look again.
        if time.monotonic() - started > FOLLOW_TIMEOUT:
            response = HttpResponse(
                _("This download is being prepared. Please try again in a few seconds."),
                content_type="text/plain; charset=utf-8",
                status=503,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        time.sleep(POLL_SECONDS)


def _flocked(file, operation) -> bool:
    """Whether `flock` took `operation` on `file` without waiting (False: a
    conflicting lock is held through another open file)."""
    try:
        fcntl.flock(file.fileno(), operation | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _live_partial(target: Target):
    """The partial file, open for reading, if a live builder holds it; else None."""
    try:
        file = target.partial.open("rb", buffering=0)
    except FileNotFoundError:
        return None
    if not _flocked(file, fcntl.LOCK_SH):
        return file
    # Unlocked: left by a builder that died (the next builder replaces it),
    # or just renamed into place (the finished file is there next time).
    file.close()
    return None


class Build:
    """The builder's response body: each piece written to the partial file,
    then sent; the file renamed into place once complete.

    An object with close() rather than a bare generator: Django closes the
    response even if the server never iterates it, and the locks must go.
    """

    def __init__(self, pieces, target: Target, lock, language: str, older: str):
        self.pieces = pieces
        self.target = target
        self.lock = lock
        self.language = language
        self.older = older
        # A fresh file, locked before it gets the partial file's name, so a
        # follower never reads anything but this build. Holding the lock,
        # this request alone may replace a partial file (one left by a
        # builder that died).
        temporary = target.partial.with_name(f"{target.partial.name}.{uuid.uuid4().hex}")
        self.file = temporary.open("xb")
        fcntl.flock(self.file.fileno(), fcntl.LOCK_EX)
        os.replace(temporary, target.partial)
        self.complete = False
        self.sending = None

    def __iter__(self):
        # The server iterates the response after the view has returned.
        self.sending = self._send()
        return self.sending

    def _send(self):
        with translation.override(self.language):
            batch = []
            size = 0
            for number, piece in enumerate(self.pieces):
                data = piece.encode()
                self.file.write(data)
                batch.append(data)
                size += len(data)
                # The first piece (the file's header) leaves at once, before
                # the first questions are read.
                if size >= SEND_SIZE or number == 0:
                    self.file.flush()  # followers read what was sent
                    yield b"".join(batch)
                    batch, size = [], 0
        self.file.flush()
        if batch:
            yield b"".join(batch)
        os.replace(self.target.partial, self.target.path)
        self.complete = True
        self._release()
        _remove_older(self.target, self.older)

    def close(self):
        # Called by the server when the response ends, sent or not (a visitor
        # who leaves midway): the generator's own cleanup runs here and now.
        if self.sending is not None:
            self.sending.close()
        self._release()

    def _release(self):
        if self.file.closed:
            return
        if not self.complete:
            self.target.partial.unlink(missing_ok=True)
        # Followers wake up when the partial file's lock goes: by then the
        # file is in place, or gone.
        self.file.close()
        self.lock.close()


class Follow:
    """A follower's response body: the partial file as the builder writes it."""

    def __init__(self, file, target: Target, started: float):
        self.file = file
        self.target = target
        self.started = started

    def __iter__(self):
        last_byte = self.started
        while True:
            if data := self.file.read(SEND_SIZE):
                yield data
                last_byte = time.monotonic()
            elif _flocked(self.file, fcntl.LOCK_SH):
                # The builder has let go, having written its last bytes.
                while data := self.file.read(SEND_SIZE):
                    yield data
                if not self._is_the_finished_file():
                    raise IncompleteDownload(f"the build of {self.target.path.name} stopped midway")
                return
            elif time.monotonic() - last_byte > FOLLOW_TIMEOUT:
                raise IncompleteDownload(f"the build of {self.target.path.name} stalled")
            else:
                time.sleep(POLL_SECONDS)

    def _is_the_finished_file(self) -> bool:
        # The builder renames its file into place before it lets go.
        return _same_file(self.target.path, self.file)

    def close(self):
        self.file.close()


def _remove_older(target: Target, pattern: str):
    """The files of the category's older versions, their lock files, and
    partial files that no live builder holds."""
    directory = target.path.parent
    for older in directory.glob(pattern):
        if older != target.path:
            older.unlink(missing_ok=True)
    for lock in directory.glob(f".{pattern}.lock"):
        if lock != target.lock:
            _remove_unlocked(lock)
    for partial in directory.glob(f".{pattern}.partial"):
        _remove_unlocked(partial)


def _remove_unlocked(path: Path):
    """Remove `path` unless someone holds a lock on it (a build in progress)."""
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return
    with file:
        # Still under that name once locked: nobody replaced or removed it.
        if _flocked(file, fcntl.LOCK_EX) and _same_file(path, file):
            path.unlink()


def _same_file(path: Path, file) -> bool:
    """Whether `path` names the file that `file` has open."""
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(file.fileno())
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
