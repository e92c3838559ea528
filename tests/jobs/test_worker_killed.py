"""A worker killed in the middle of an import: the job runs again in another
worker and the bank holds one whole import, never part of one."""

import signal

import pytest

from jobs.models import Job
from questions.models import Question, Source
from questions.tasks.imports import enqueue_article_import
from tests.browser import live_database
from tests.factories import SuperuserFactory
from tests.jobs_helpers import empty_the_queue, start_worker, stop_worker, wait_for

pytestmark = live_database

QUESTIONS = 12

# Every question waits a little (between the questions of the import's one
# transaction), and dead workers are noticed within seconds, not minutes.
SLOW_WORKER = {
    "JOB_TEST_PAUSE_SECONDS": 0.5,
    "JOB_HEARTBEAT_SECONDS": 0.5,
    "JOB_STALLED_SECONDS": 2,
    "JOB_RECOVERY_SECONDS": 1,
}


def _article() -> str:
    questions = "\n\n".join(
        f"**Question {n}: What is thing {n}?**\n\n**Answer:** Thing {n} is a thing."
        for n in range(1, QUESTIONS + 1)
    )
    return f"# Things\n\n{questions}\n"


@pytest.fixture
def queue(builtin_categories):
    yield
    empty_the_queue()


def _job() -> Job:
    return Job.objects.get()


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again(queue):
    user = SuperuserFactory()
    enqueue_article_import(
        user=user, name="things.md", text=_article(), status="published", reason="", resolutions={}
    )
    first = start_worker(**SLOW_WORKER)
    try:
        wait_for(lambda: _job().done >= 3, what="the import to be under way")
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        stop_worker(first)
    job = _job()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)
    assert 3 <= job.done < QUESTIONS
    # Its transaction died with it: not one question, not the article.
    assert (Question.objects.count(), Source.objects.count()) == (0, 0)

    # The retry need not be slow: it only has to find the stalled job and finish it.
    second = start_worker(**{**SLOW_WORKER, "JOB_TEST_PAUSE_SECONDS": 0})
    try:
        wait_for(lambda: _job().finished, what="the job to be retried and finish")
    finally:
        stop_worker(second)
    job = _job()
    assert (job.status, job.attempts, job.done) == (Job.Status.SUCCEEDED, 2, QUESTIONS)
    assert Source.objects.count() == 1
    assert Question.objects.filter(status="published").count() == QUESTIONS
    assert Question.history.count() == QUESTIONS  # one revision each: written once
