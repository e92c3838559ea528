"""Running queued jobs inside a test.

`run_queued_jobs()` takes what procrastinate's queue holds in the test's
database — the very rows `defer()` wrote — and runs each task in this
thread, on the test's connection (so inside its transaction), the way a
worker would; a test that needs a real worker process starts one
(tests/jobs/test_worker_killed.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings as django_settings
from django.db import connection
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

MANAGE = Path(__file__).resolve().parents[1] / "manage.py"


def queued_jobs() -> list[ProcrastinateJob]:
    return list(ProcrastinateJob.objects.filter(status="todo").order_by("id"))


def run_queued_jobs() -> list[str]:
    """Run every queued job (and any they queue); the names of the tasks run."""
    ran = []
    while jobs := queued_jobs():
        for job in jobs:
            # Taken off the queue first, as a worker would.
            app.job_manager.cancel_job_by_id(job.id, delete_job=True)
            app.tasks[job.task_name](**job.args)
            ran.append(job.task_name)
    return ran


def worker_environment(**settings_env) -> dict[str, str]:
    """The environment of a worker process on the test database: its
    DATABASE_URL names the test database, which the test must have committed
    to (`transaction=True`)."""
    database = django_settings.DATABASES["default"]
    credentials = quote(database["USER"] or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = quote(database.get("HOST") or "localhost", safe="")
    url = f"postgres://{credentials}@{host}:{database.get('PORT') or 5432}/{quote(database['NAME'], safe='')}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        **{name: str(value) for name, value in settings_env.items()},
    }


def start_worker(**settings_env) -> subprocess.Popen:
    """`manage.py procrastinate worker` on the test database."""
    return subprocess.Popen(
        [sys.executable, str(MANAGE), "procrastinate", "worker"],
        env=worker_environment(**settings_env),
        cwd=MANAGE.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def empty_the_queue() -> None:
    """procrastinate's tables are not Django's to flush (unmanaged models):
    a test that committed jobs removes them, so that no later test finds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_workers CASCADE"
        )


def wait_for(condition, *, timeout: float = 120, what: str = "") -> None:
    """Poll `condition()` until true; fail after `timeout` seconds (a bound on
    a hang, not a measure of speed)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what or condition}")
        time.sleep(0.2)
