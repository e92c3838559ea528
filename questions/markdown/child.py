"""A render child: `python -m questions.markdown.child`, started by `budget.py`.

A fresh interpreter that imports only the renderer (no Django, no database
connection, nothing forked from a threaded server). It reads one JSON request
a line from stdin and writes one JSON string per text back (see `budget.py`
for the protocol), and is killed by its parent when a request runs over the
time budget.
"""

import json
import os
import sys
import threading
import time

from questions.markdown.budget import FLUSH_EVERY
from questions.markdown.renderer import render_unbounded


def serve() -> None:
    render_unbounded("warm up: `code` and\n\n```python\nx = 1\n```")
    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    done: list[bytes] = []  # rendered, not yet written
    lock = threading.Lock()

    def write() -> None:
        with lock:
            lines = b"".join(done)
            done.clear()
            if lines:
                out.write(lines)
                out.flush()

    parent = os.getppid()

    def flush_now_and_then() -> None:
        # A text that is taking long is not held up by its predecessors: the
        # parent learns within `FLUSH_EVERY` which texts are done (so which
        # one a killed child was on), without a wake-up per text.
        while True:
            time.sleep(FLUSH_EVERY)
            if os.getppid() != parent:
                # The parent died (a web worker killed by gunicorn's timeout,
                # say) and nobody waits for this render: stop burning a CPU.
                os._exit(1)
            write()

    threading.Thread(target=flush_now_and_then, daemon=True).start()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        hosts = request["image_hosts"]
        for group in request["groups"]:
            for text in group:
                html = json.dumps(render_unbounded(text, hosts)).encode() + b"\n"
                with lock:
                    done.append(html)
        write()


if __name__ == "__main__":
    serve()
