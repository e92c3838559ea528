"""How a job's row follows its task: running, retried, failed, finished once."""

import pytest
from django.core.files.base import ContentFile
from procrastinate.contrib.django import app

from jobs.models import Job
from jobs.tracking import RETRIES, JobFailed, enqueue, run, succeed
from tests.browser import live_database
from tests.factories import StaffFactory, UserFactory
from tests.jobs_helpers import queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db


@app.task(name="tests.jobs.noop")
def noop(job_id):
    run(job_id, lambda job, progress: None)


def _job(**fields) -> Job:
    return Job.objects.create(kind=Job.Kind.EXPORT, title="A job", **fields)


def test_an_error_is_recorded_and_raised_again_for_a_retry():
    job = _job()

    def broken(job, progress):
        progress(1, 10)
        raise ConnectionError("mail server down")

    with pytest.raises(ConnectionError):
        run(job.pk, broken)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 1)
    assert job.message == "ConnectionError: mail server down"


def test_the_last_attempt_fails_the_job_with_its_error():
    job = _job(attempts=RETRIES)
    with pytest.raises(ValueError, match="still broken"):
        run(job.pk, lambda job, progress: (_ for _ in ()).throw(ValueError("still broken")))
    job.refresh_from_db()
    assert (job.status, job.message, job.attempts) == (Job.Status.FAILED, "still broken", RETRIES + 1)
    assert job.finished_at is not None


def test_bad_input_fails_at_once_with_its_problems_and_is_not_retried():
    job = _job()

    def refuse(job, progress):
        raise JobFailed("Nothing was imported.", ["a.md:3: this code fence is never closed"])

    run(job.pk, refuse)  # does not raise: procrastinate must not retry it
    job.refresh_from_db()
    assert (job.status, job.problems) == (Job.Status.FAILED, ["a.md:3: this code fence is never closed"])


def test_a_finished_job_is_not_run_again():
    job = _job()
    calls = []

    def work(job, progress):
        calls.append(job.pk)
        succeed(job, "done")

    run(job.pk, work)
    run(job.pk, work)  # a retry after the commit, say
    assert calls == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (Job.Status.SUCCEEDED, 1, "done")


def test_a_second_submission_of_an_unfinished_job_is_the_first():
    first, created = enqueue(noop, kind=Job.Kind.EXPORT, title="x", key="same")
    second, created_again = enqueue(noop, kind=Job.Kind.EXPORT, title="x", key="same")
    assert (created, created_again, second.pk) == (True, False, first.pk)
    assert len(queued_jobs()) == 1
    run_queued_jobs()
    assert Job.objects.get(pk=first.pk).status == Job.Status.SUCCEEDED
    third, created = enqueue(noop, kind=Job.Kind.EXPORT, title="x", key="same")
    # Once finished, the same thing may be asked for again.
    assert (created, third.pk != first.pk) == (True, True)


def test_staff_see_jobs_others_do_not(client):
    job = _job(user=UserFactory())
    client.force_login(UserFactory())
    assert client.get(f"/admin/jobs/job/{job.pk}/change/").status_code == 302  # to the admin's login
    client.force_login(StaffFactory())
    assert client.get("/admin/jobs/job/").status_code == 200
    assert client.get(f"/admin/jobs/job/{job.pk}/change/").status_code == 200


def test_a_running_jobs_page_shows_its_progress_and_refreshes_itself(admin_client):
    job = _job(status=Job.Status.RUNNING, done=7, total=40)
    html = admin_client.get(f"/admin/jobs/job/{job.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<progress id="job-progress" max="40" value="7">' in html
    assert '<meta http-equiv="refresh" content="2">' in html


def test_the_upload_is_deleted_once_the_job_has_ended(django_capture_on_commit_callbacks):
    job = _job()
    job.input_file.save("article.md", ContentFile(b"# T"), save=True)
    storage, name = job.input_file.storage, job.input_file.name
    with django_capture_on_commit_callbacks(execute=True):
        run(job.pk, lambda job, progress: succeed(job, "done"))
    job.refresh_from_db()
    assert not job.input_file
    assert not storage.exists(name)


def test_an_unknown_or_malformed_job_is_not_found(admin_client):
    job = _job()
    assert admin_client.get(f"/admin/jobs/job/{job.pk + 1000}/change/").status_code == 404
    assert admin_client.get("/admin/jobs/job/abc/change/").status_code == 404


def test_a_job_is_named_by_its_title():
    assert str(_job()) == "A job"


@live_database
def test_a_worker_drops_stale_connections_before_and_after_each_job(migration_data_restored, monkeypatch):
    """A worker's thread keeps its connection from job to job, as a web
    worker does between requests: Django's check for a broken or too old
    connection runs around each job (not inside a test's transaction)."""
    checks = []
    monkeypatch.setattr("jobs.tracking.close_old_connections", lambda: checks.append("check"))
    job = _job()
    run(job.pk, lambda job, progress: checks.append("work"))
    assert checks == ["check", "work", "check"]
