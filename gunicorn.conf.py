"""The production web server: `gunicorn qbank.wsgi -c gunicorn.conf.py`
(docs/operations.md). gunicorn also reads this file by itself when started
from this directory.

Why this shape (`make bench-abuse` measures it beside the former
`--workers 2`, sync):

- Threads, so that a request waiting holds a thread, not a process:
  Markdown renders in child processes (the waiting thread releases the
  GIL), and a render that cannot start at once is refused, never queued
  (questions/markdown/budget.py).
- Few threads per worker and more workers (2 × CPUs + 1): a request that
  computes in Python holds its process's GIL and slows the other threads
  of that process only; the OS shares the CPUs fairly between processes.
- Each worker freezes what it loaded at start-up (`gc.freeze()` in
  `post_worker_init`): Django, the apps, the URLconf are never garbage,
  and a full collection no longer walks them (a pause of ~48 ms, 7 ms
  frozen; `make bench-http` measures it).
- A worker accepts a connection only when it has a thread free for it
  (`worker_connections = threads`): otherwise gthread accepts up to 1,000
  and queues them behind its busy threads, while another worker idles.
  So no keep-alive (a kept connection would hold a slot); the proxy in
  front keeps its own connections to the browsers.

Environment: HOST and PORT (where to listen; 127.0.0.1:8000 unless set —
HOST=0.0.0.0 in a container), WEB_CONCURRENCY (worker processes, default
2 × CPUs + 1), GUNICORN_THREADS (threads per worker, default 2; keep
MARKDOWN_RENDER_CHILDREN above it).
"""

import gc
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{_env_int('PORT', 8000)}"]
worker_class = "gthread"
workers = _env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
threads = _env_int("GUNICORN_THREADS", 2)
worker_connections = threads
keepalive = 0

# A worker whose main loop stops answering for this long is killed and
# replaced. With threads that means the process is wedged, not that one
# request is slow: requests are bounded by the app's own budgets (~2 s).
timeout = 30
# On a restart or deploy, requests in flight get this long to finish.
graceful_timeout = 30
# Recycle each worker now and then (memory a long-lived process gathers),
# staggered so that the workers do not all restart together.
max_requests = 1000
max_requests_jitter = 100

# Request size limits before Django sees anything (gunicorn's defaults,
# written down): a request line of at most 4 KB, at most 100 header fields
# of at most 8 KB each. Bodies are Django's (DATA_UPLOAD_MAX_MEMORY_SIZE).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# The heartbeat file in memory: a slow disk must not look like a hung worker.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def post_worker_init(worker):
    """Once the worker has loaded the app: import every view (the URLconf),
    collect, and move all that survives into the permanent generation, out
    of every later collection's way."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views
    gc.collect()
    gc.freeze()
