"""`untraced()`: a block run without the coverage tracer, when `make test`
runs one. On Python 3.11 any tracer takes the interpreter off its fast path
(two- to threefold slower), for the code coverage leaves out as much as for
the project's; the blocks that no line count needs run without it."""

from contextlib import contextmanager

import coverage


@contextmanager
def untraced():
    tracer = coverage.Coverage.current()
    if tracer is None:
        yield
        return
    tracer.stop()
    try:
        yield
    finally:
        tracer.start()
