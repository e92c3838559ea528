"""Running queued jobs inside a test.

`run_queued_jobs()` takes what procrastinate's queue holds in the test's
database — the very rows `defer()` wrote — and runs each task in this
thread, on the test's connection (so inside its transaction), the way a
worker would; a test that needs a real worker process starts one
(tests/jobs/test_worker_killed.py)."""

from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob


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
