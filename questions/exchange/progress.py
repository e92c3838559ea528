"""A progress line for long imports and exports, written to stderr so that
an export to stdout stays clean."""

import time


class Progress:
    """Reports `done/total` every `every` items (and at the end, if it
    reported anything before): quiet for small runs, alive for long ones."""

    def __init__(self, stream, label: str, total: int, every: int = 1000):
        self.stream, self.label, self.total, self.every = stream, label, total, every
        self.done = 0
        self._next = every
        self._started = time.perf_counter()
        self._reported = False
        self._last = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.stream is not None and self.done >= self._next:
            self._report()
            while self._next <= self.done:
                self._next += self.every

    def finish(self) -> None:
        if self.stream is not None and self._reported and self.done != self._last:
            self._report()

    def _report(self) -> None:
        elapsed = time.perf_counter() - self._started
        percent = f" ({100 * self.done // self.total}%)" if self.total else ""
        self.stream.write(f"{self.label}: {self.done:,}/{self.total:,}{percent}, {elapsed:.1f} s\n")
        if hasattr(self.stream, "flush"):
            self.stream.flush()
        self._reported = True
        self._last = self.done
