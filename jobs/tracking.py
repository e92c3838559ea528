"""Starting a job and reporting on it.

`enqueue()` writes the row staff see and puts the task on procrastinate's
queue in one transaction. A task hands its work to `run()`, which marks the
row running, gives the work a `Progress`, and records how it ended. The
work calls `succeed()` inside its own transaction, so that what it wrote and
"succeeded" commit together: a worker killed before the commit leaves
neither, and the retry starts from a clean slate; a retry of a job that did
commit finds it finished and does nothing (jobs are idempotent).
"""

import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.db.models import F
from django.utils import timezone, translation
from procrastinate import RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued

from .models import Job

# A task that raises is run again after 4, 16, 64 and 256 seconds, then
# given up (the row says why).
RETRIES = 4
RETRY = RetryStrategy(max_attempts=RETRIES, exponential_wait=4)
# Progress is written at most this often (and always at the end).
PROGRESS_INTERVAL = 0.25


class JobFailed(Exception):
    """Bad input, not bad luck: the job ends failed, with these problems
    ("file:line: message"), and is not retried."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.message, self.problems = message, list(problems)


def enqueue(
    task, *, kind: str, title: str, user=None, key: str = "", arguments=None, input_name="", input_data=None
) -> tuple[Job, bool]:
    """(the job, True) once queued; (the unfinished job with the same `key`,
    False) when it is a second submission of the same thing."""
    job = None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                title=title[:300],
                user=user,
                key=key,
                # The job speaks the language of whoever asked.
                arguments={"language": translation.get_language(), **(arguments or {})},
            )
            if input_data is not None:
                job.input_file.save(input_name or "input", ContentFile(input_data), save=True)
            task.configure(queueing_lock=key or None).defer(job_id=job.pk)
    except (IntegrityError, AlreadyEnqueued):
        if job is not None and job.input_file:
            job.input_file.delete(save=False)  # its row was rolled back
        existing = Job.objects.unfinished().filter(key=key).first() if key else None
        if existing is None:
            raise
        return existing, False
    return job, True


class Progress:
    """`progress(done, total)`: written on a connection of the job's own, in
    autocommit, so that staff see it while the work's transaction is open."""

    def __init__(self, job: Job):
        self.job = job
        self._connection = None
        self._written = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        now = time.monotonic()
        if now - self._written >= PROGRESS_INTERVAL or done == self.job.total:
            self._write()
            self._written = now
        if settings.JOB_TEST_PAUSE_SECONDS:
            time.sleep(settings.JOB_TEST_PAUSE_SECONDS)

    def advance(self, count: int = 1) -> None:
        self(self.job.done + count)

    def _write(self) -> None:
        if self._connection is None:
            self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET done = %s, total = %s WHERE id = %s",
                [self.job.done, self.job.total, self.job.pk],
            )

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


def run(job_id: int, work: Callable[[Job, Progress], None]) -> None:
    """Run `work(job, progress)` for the job `job_id`, unless it is finished."""
    _fresh_connection()
    try:
        _run(job_id, work)
    finally:
        _fresh_connection()


def _fresh_connection() -> None:
    # A worker's threads keep their connections from job to job, as a web
    # worker does from request to request: drop one that broke or outlived
    # CONN_MAX_AGE, as Django does around each request. (Not inside a
    # transaction: a test runs jobs within its own.)
    if not connection.in_atomic_block:
        close_old_connections()


def _run(job_id: int, work) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), done=0, message=""
    )
    job.refresh_from_db()
    progress = Progress(job)
    try:
        with translation.override(job.arguments.get("language") or settings.LANGUAGE_CODE):
            work(job, progress)
    except JobFailed as failure:
        _finish(job, Job.Status.FAILED, failure.message, failure.problems)
        return
    except Exception as error:
        if job.attempts > RETRIES:
            _finish(job, Job.Status.FAILED, str(error) or type(error).__name__)
        else:
            Job.objects.filter(pk=job_id).update(
                status=Job.Status.QUEUED, message=f"{type(error).__name__}: {error}"
            )
        raise
    finally:
        progress.close()
    job.refresh_from_db()
    if not job.finished:  # work that wrote nothing of its own
        _finish(job, Job.Status.SUCCEEDED, job.message)


def succeed(
    job: Job,
    message: str,
    problems: Iterable[str] = (),
    *,
    result=None,
    result_name: str = "",
    outcome=None,
    result_url: str = "",
):
    """Record success; call it inside the transaction that writes the work.
    `result`, a File, is kept as the job's download for JOB_RESULT_HOURS;
    `outcome` (JSON) is what the page at `result_url` shows."""
    job.outcome, job.result_url = outcome or {}, result_url
    if result is not None:
        job.result_file.save(result_name, result, save=False)
        job.expires_at = timezone.now() + timedelta(hours=settings.JOB_RESULT_HOURS)
    _finish(job, Job.Status.SUCCEEDED, message, problems)


def _finish(job: Job, status: str, message: str, problems: Iterable[str] = ()) -> None:
    if job.input_file:
        # The upload has served; it goes once the end is committed (a worker
        # killed before then runs the job again, from the upload).
        storage, name = job.input_file.storage, job.input_file.name
        transaction.on_commit(lambda: storage.delete(name))
        job.input_file = ""
    job.status, job.message, job.problems = status, message, list(problems)
    job.finished_at = timezone.now()
    job.done = job.total if status == Job.Status.SUCCEEDED and job.total else job.done
    job.save()
