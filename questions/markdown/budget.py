"""Markdown rendering under a time budget.

Python-Markdown is quadratic on some inputs: 3,000 `[` take 2.5 s, 15,000
(the length limit) about a minute. No pattern list can name every such input,
so the renderer runs in a child process and the parent waits at most
`MARKDOWN_RENDER_TIMEOUT` seconds per group of texts (an object's fields:
what one save renders); past that the child is killed (its CPU is freed at
once) and the caller gets `MarkdownTooSlow`, naming the group and the text
that did not finish, which forms, the preview and imports turn into a clear
message.

Inside a request (`request_budget`, entered by
`questions.markdown.middleware`) every render also draws on one budget of
`REQUEST_RENDER_BUDGET` seconds for the whole request: forty slow texts
in one upload are refused once their total is spent, not after forty
budgets. Outside requests (management commands, jobs) only the per-group
budget holds.

A `RenderPool` is one or more children: a save or a preview uses one, a
bulk import one per CPU, each handed a slice of the groups at a time (the
next slice as it finishes one, so a child on a busier core does less).
Inside a request a process runs at most `MARKDOWN_RENDER_CHILDREN`
children: a pool that finds none idle and no room for another is refused
at once (`RendererBusy`) rather than queued, so twenty slow previews
cannot make every other request of the process wait behind them; a pool
that finds some room renders with fewer children than it asked for.
Each server process keeps its idle children, started with
`python -m questions.markdown.child`: a child is a fresh interpreter that
imports only the renderer (no Django, no database connection, nothing forked
from a threaded server). A render costs a pipe round trip (~0.2 ms); starting
a child (~0.3 s) happens once per process, and after a kill in the
background, so the request after a refused one does not wait for it.

The protocol: one JSON line per request (`{"groups": [[text, …], …],
"image_hosts": […]}`), and one JSON string per text back, one a line, written
when the request is done and every `FLUSH_EVERY` before that, so the parent
knows which text a killed child was on.
"""

import contextlib
import contextvars
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

_PROJECT_DIR = Path(__file__).resolve().parents[2]
# Groups handed to a child of a pool at a time: enough that a round trip (and
# the wait for the feeding thread to get the GIL) is little beside rendering
# them, few enough that the children finish a batch together.
_SLICE = 50
# How often a child writes the texts it has done while it is still on a request.
FLUSH_EVERY = 0.05


class MarkdownTooSlow(Exception):
    """Rendering did not finish within the time budget. `item` is the index
    of the group (object) that did not finish, `field` the index of its text
    that did not (callers that know the names replace them)."""

    def __init__(self, item: int | None = None, field: int | str | None = None):
        super().__init__(item, field)
        self.item, self.field = item, field


class RendererBusy(MarkdownTooSlow):
    """Every render child this process may run is busy: refused at once
    rather than queued behind them (the preview answers 429)."""


class RequestBudget:
    """Seconds of rendering a request may still spend, drawn on by every
    render in it, including those a pool's feeding thread runs for it."""

    def __init__(self, seconds: float):
        self.remaining = seconds
        self._lock = threading.Lock()

    def charge(self, seconds: float) -> None:
        with self._lock:
            self.remaining -= seconds


_request_budget: contextvars.ContextVar[RequestBudget | None] = contextvars.ContextVar(
    "request_render_budget", default=None
)


@contextlib.contextmanager
def request_budget(seconds: float):
    """Every render inside shares one budget of `seconds` in all."""
    token = _request_budget.set(RequestBudget(seconds))
    try:
        yield
    finally:
        _request_budget.reset(token)


class _Child:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "questions.markdown.child"],
            cwd=_PROJECT_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(_PROJECT_DIR)},
        )
        self.ready = False
        self.alive = True

    def wait_ready(self) -> None:
        # The child's start (imports, ~0.3 s) is not part of any render's budget.
        if not self.ready and self.process.stdout.readline() != b"ready\n":
            self.kill()
            raise RuntimeError("the Markdown renderer did not start")
        self.ready = True

    def send(self, groups: list[list[str]], image_hosts: list[str]) -> None:
        request = json.dumps({"groups": groups, "image_hosts": image_hosts}) + "\n"
        self.process.stdin.write(request.encode())
        self.process.stdin.flush()

    def kill(self) -> None:
        global _live
        self.process.kill()
        self.process.wait()
        with _idle_lock:
            if self.alive:
                self.alive = False
                _live -= 1


# This process's children: those idle, and how many are alive (idle, busy
# or starting), which `MARKDOWN_RENDER_CHILDREN` caps.
_idle: list[_Child] = []
_live = 0
# Of those alive, the successors of killed children still starting: they
# render nothing yet, so they do not count against a request's cap (else a
# request right after a refused one would find no room while they start).
_starting = 0
_idle_lock = threading.Lock()
# Outside a request a pool may start as many children as it asks for.
_UNCAPPED = 1 << 30
_spares: list[threading.Thread] = []  # starting a successor to a killed child


def _reserve(count: int, limit: int) -> int:
    """Room for up to `count` more children under `limit`; taken at once."""
    global _live
    with _idle_lock:
        room = max(0, min(count, limit - (_live - _starting)))
        _live += room
        return room


def _new_children(count: int) -> list[_Child]:
    global _live
    children = []
    try:
        for _ in range(count):
            children.append(_Child())
    finally:
        if len(children) < count:
            with _idle_lock:
                _live -= count - len(children)
    return children


def _take_children(count: int, limit: int) -> list[_Child]:
    """Up to `count` children, idle ones first; at least one, or
    `RendererBusy` at once when none is idle and `limit` are alive."""
    children, dead = [], []
    with _idle_lock:
        while _idle and len(children) < count:
            child = _idle.pop()
            (children if child.process.poll() is None else dead).append(child)
    for child in dead:
        child.kill()
    # Started together, so that they load the renderer in parallel.
    children += _new_children(_reserve(count - len(children), limit))
    if not children:
        raise RendererBusy()
    try:
        for child in children:
            child.wait_ready()
    except BaseException:
        for child in children:
            child.kill()
        raise
    return children


def _give_back(child: _Child, limit: int) -> None:
    with _idle_lock:
        if len(_idle) < limit:
            _idle.append(child)
            return
    child.kill()


def close_idle_children() -> None:
    """Stop this process's idle children, and the spares being started
    (each also ends by itself when its parent exits and its stdin closes)."""
    for spare in list(_spares):
        spare.join()
    with _idle_lock:
        idle = list(_idle)
        _idle.clear()
    for child in idle:
        child.kill()


def _start_spare(limit: int) -> None:
    # On failure the next render starts one itself, and reports why it cannot.
    global _starting
    try:
        if not _reserve(1, limit):
            return
        with _idle_lock:
            _starting += 1
        try:
            with contextlib.suppress(Exception):
                child = _new_children(1)[0]
                try:
                    child.wait_ready()
                except BaseException:
                    child.kill()
                    raise
                _give_back(child, limit)
        finally:
            with _idle_lock:
                _starting -= 1
    finally:
        with contextlib.suppress(ValueError):
            _spares.remove(threading.current_thread())


class _Job:
    """A child's current slice: the groups it was sent, and what it has
    answered so far."""

    def __init__(self, child: _Child, groups: list[list[str]], timeout: float, limit: float):
        self.child, self.groups, self.timeout = child, groups, timeout
        self.limit = limit  # the request's budget ends then, whatever the group's
        self.buffer = b""
        self.lines: list[bytes] = []
        self.done = 0  # groups complete
        self.deadline = min(time.monotonic() + timeout, limit)

    def feed(self, chunk: bytes) -> None:
        *lines, self.buffer = (self.buffer + chunk).split(b"\n")
        self.lines += lines
        finished = self.done
        texts = sum(len(group) for group in self.groups[: self.done])
        while finished < len(self.groups) and len(self.lines) >= texts + len(self.groups[finished]):
            texts += len(self.groups[finished])
            finished += 1
        if finished > self.done:
            # Each group has the whole budget, from the end of the one before.
            self.done = finished
            self.deadline = min(time.monotonic() + self.timeout, self.limit)

    @property
    def complete(self) -> bool:
        return self.done == len(self.groups)

    def html(self) -> list[list[str]]:
        texts = iter(json.loads(line) for line in self.lines)
        return [[next(texts) for _text in group] for group in self.groups]

    def too_slow(self) -> MarkdownTooSlow:
        texts_before = sum(len(group) for group in self.groups[: self.done])
        return MarkdownTooSlow(item=self.done, field=len(self.lines) - texts_before)


class RenderPool:
    """Up to `size` budgeted render children for as long as the pool is open
    (`with RenderPool(2) as pool: pool.render(groups)`); they go back to the
    idle list afterwards, except those killed. Opening it raises
    `RendererBusy` when the process has no child to spare."""

    def __init__(self, size: int = 1):
        from django.conf import settings

        self.size = max(1, size)
        self.image_hosts = list(settings.MARKDOWN_IMAGE_HOSTS)
        self.timeout = settings.MARKDOWN_RENDER_TIMEOUT
        # Taken here, in the request's thread: a pool may render from another.
        self.budget = _request_budget.get()
        # The cap is for web workers; a command or job renders what it asks
        # for, and never hears "busy" (it waits for nobody but its own children).
        cap = max(1, settings.MARKDOWN_RENDER_CHILDREN)
        self.limit = cap if self.budget else _UNCAPPED
        # How many idle children this process keeps for the next render.
        self.idle_limit = cap if self.budget else max(cap, self.size)
        self.children: list[_Child] = []

    def __enter__(self):
        self.children = _take_children(self.size, self.limit)
        return self

    def __exit__(self, *exc_info) -> None:
        for child in self.children:
            _give_back(child, self.idle_limit)
        self.children = []

    def render(self, groups: list[list[str]]) -> list[list[str]]:
        """Each group of Markdown texts → their sanitized HTML, each group
        within the time budget (raises `MarkdownTooSlow` naming the first
        group and text past it)."""
        if not self.children:
            raise RuntimeError("a RenderPool renders inside its `with` block")
        html = [["" for _text in group] for group in groups]
        pending = [
            index for index, group in enumerate(groups) if any(text and text.strip() for text in group)
        ]
        if not pending:
            return html
        slices = [pending[start : start + _SLICE] for start in range(0, len(pending), _SLICE)]
        slices.reverse()
        jobs: dict[int, tuple[_Job, list[int]]] = {}  # stdout fd → job, its groups' indexes
        started = time.monotonic()
        limit = started + self.budget.remaining if self.budget else float("inf")
        if limit <= started:
            raise MarkdownTooSlow(item=pending[0], field=0)
        try:
            while slices or jobs:
                for child in self.children:
                    fd = child.process.stdout.fileno()
                    if fd not in jobs and slices:
                        indexes = slices.pop()
                        job = _Job(child, [groups[i] for i in indexes], self.timeout, limit)
                        child.send(job.groups, self.image_hosts)
                        jobs[fd] = (job, indexes)
                self._wait(jobs, html)
        except BaseException:
            self._kill_busy(jobs)
            raise
        finally:
            if self.budget:
                self.budget.charge(time.monotonic() - started)
        return html

    def _wait(self, jobs, html) -> None:
        """Read what the busy children have written; store finished slices."""
        wait = max(0.0, min(job.deadline for job, _ in jobs.values()) - time.monotonic())
        readable = select.select(list(jobs), [], [], wait)[0]
        for fd in readable:
            job, indexes = jobs[fd]
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise RuntimeError("the Markdown renderer exited")
            job.feed(chunk)
            if job.complete:
                for index, fragments in zip(indexes, job.html(), strict=True):
                    html[index] = fragments
                del jobs[fd]
        now = time.monotonic()
        for fd, (job, indexes) in jobs.items():
            # Nothing to read, checked just now, and its time is up.
            if fd not in readable and job.deadline <= now:
                error = job.too_slow()
                raise MarkdownTooSlow(item=indexes[error.item], field=error.field)

    def _kill_busy(self, jobs) -> None:
        # A child still rendering (too slowly, or for a request abandoned
        # by an error elsewhere) is of no further use; one that failed may
        # be broken. Their successors start in the background, so that the
        # next request does not wait for an interpreter to start.
        busy = {job.child for job, _ in jobs.values()}
        for child in busy:
            child.kill()
            spare = threading.Thread(target=_start_spare, args=(self.idle_limit,), daemon=True)
            _spares.append(spare)
            spare.start()
        self.children = [child for child in self.children if child not in busy]


def render_many(texts: list[str]) -> list[str]:
    """Each Markdown text → sanitized HTML, all within one time budget."""
    if not any(text and text.strip() for text in texts):
        return ["" for _text in texts]
    with RenderPool(1) as pool:
        return pool.render([texts])[0]
