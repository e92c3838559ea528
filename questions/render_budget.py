"""Markdown rendering under a time budget.

Python-Markdown is quadratic on some inputs: 3,000 `[` take 2.5 s, 15,000
(the length limit) about a minute. No pattern list can name every such input,
so the renderer runs in a child process and the parent waits at most
`MARKDOWN_RENDER_TIMEOUT` seconds; past that the child is killed (its CPU is
freed at once) and the caller gets `MarkdownTooSlow`, which forms, the preview
and imports turn into a clear message.

Each server process keeps a few idle children (`_IDLE_LIMIT`), started with
`python -m questions.render_budget`: a child is a fresh interpreter that
imports only the renderer (no Django, no database connection, nothing forked
from a threaded server). A render costs a pipe round trip (~0.2 ms); starting
a child (~0.3 s) happens once per process, and after a kill in the
background, so the request after a refused one does not wait for it.
"""

import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

_PROJECT_DIR = Path(__file__).resolve().parent.parent
# Enough for a threaded development server; a gunicorn sync worker uses one.
_IDLE_LIMIT = 4


class MarkdownTooSlow(Exception):
    """Rendering did not finish within the time budget."""


class _Child:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "questions.render_budget"],
            cwd=_PROJECT_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(_PROJECT_DIR)},
        )
        # The child's start (imports, ~0.3 s) is not part of any render's budget.
        if self.process.stdout.readline() != b"ready\n":
            self.kill()
            raise RuntimeError("the Markdown renderer did not start")

    def render(self, texts: list[str], image_hosts: list[str], timeout: float) -> list[str]:
        request = json.dumps({"texts": texts, "image_hosts": image_hosts}) + "\n"
        self.process.stdin.write(request.encode())
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        chunks = []
        stdout = self.process.stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([stdout], [], [], remaining)[0]:
                raise MarkdownTooSlow
            chunk = os.read(stdout, 1 << 16)
            if not chunk:
                raise RuntimeError("the Markdown renderer exited")
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return json.loads(b"".join(chunks))["html"]

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


_idle: list[_Child] = []
_idle_lock = threading.Lock()


def _take_child() -> _Child:
    with _idle_lock:
        while _idle:
            child = _idle.pop()
            if child.process.poll() is None:
                return child
    return _Child()


def _give_back(child: _Child) -> None:
    with _idle_lock:
        if len(_idle) < _IDLE_LIMIT:
            _idle.append(child)
            return
    child.kill()


def _start_spare() -> None:
    # On failure the next render starts one itself, and reports why it cannot.
    with contextlib.suppress(Exception):
        _give_back(_Child())


def render_many(texts: list[str]) -> list[str]:
    """Each Markdown text → sanitized HTML, all within one time budget."""
    from django.conf import settings

    if not any(text and text.strip() for text in texts):
        return ["" for _text in texts]
    child = _take_child()
    try:
        html = child.render(texts, settings.MARKDOWN_IMAGE_HOSTS, settings.MARKDOWN_RENDER_TIMEOUT)
    except BaseException:
        # A child that timed out is still busy; one that failed may be broken.
        child.kill()
        # Start its successor now, in the background, so that the next
        # request does not wait for an interpreter to start.
        threading.Thread(target=_start_spare, daemon=True).start()
        raise
    _give_back(child)
    return html


def _serve() -> None:
    from questions.markdown import render_unbounded

    render_unbounded("warm up: `code` and\n\n```python\nx = 1\n```")
    sys.stdout.buffer.write(b"ready\n")
    sys.stdout.buffer.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        html = [render_unbounded(text, request["image_hosts"]) for text in request["texts"]]
        sys.stdout.buffer.write(json.dumps({"html": html}).encode() + b"\n")
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve()
