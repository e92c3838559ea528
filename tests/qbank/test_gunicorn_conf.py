"""The production server configuration shipped in the repository: threaded
workers (a slow request holds a thread, not a process), recycled now and
then, with request size limits, and where to listen from the environment."""

import gc
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def _load(monkeypatch, **env) -> dict:
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_are_threaded_and_recycled_with_request_limits(monkeypatch):
    conf = _load(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert conf["workers"] >= 3
    assert conf["threads"] >= 2
    # A worker with every thread busy leaves new connections to the others.
    assert conf["worker_connections"] == conf["threads"]
    assert conf["timeout"] > 2 * conf["threads"]  # far above a request's ~2 s budget
    assert conf["graceful_timeout"] > 0
    assert conf["max_requests"] > 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["limit_request_line"] <= 8190
    assert conf["limit_request_fields"] <= 100
    assert conf["limit_request_field_size"] <= 8190
    assert conf["bind"] == ["127.0.0.1:8000"]


def test_where_to_listen_and_how_many_workers_come_from_the_environment(monkeypatch):
    conf = _load(monkeypatch, HOST="0.0.0.0", PORT="9123", WEB_CONCURRENCY="5", GUNICORN_THREADS="8")
    assert conf["bind"] == ["0.0.0.0:9123"]
    assert (conf["workers"], conf["threads"]) == (5, 8)


def test_gunicorn_accepts_the_configuration():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--print-config", "-c", str(CONF), "qbank.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    printed = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert printed["worker_class"] == "gthread"
    assert printed["max_requests"] == "1000"


def test_a_worker_freezes_what_it_loaded_at_start_up(monkeypatch):
    conf = _load(monkeypatch)
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
