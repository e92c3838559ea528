"""Exports from the question changelist: an action → a job → a download
for whoever asked, which expires."""

import io
import json
import sqlite3
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from jobs.models import Job
from jobs.tasks import delete_expired_results
from tests.factories import QuestionFactory
from tests.jobs_helpers import queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"


def _export(client, format, questions, **extra):
    return client.post(
        CHANGELIST,
        {"action": f"export_{format}", "_selected_action": [q.pk for q in questions], **extra},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_exporting_a_selection_queues_a_job_and_offers_the_file_when_done(admin_client):
    chosen = [QuestionFactory(title="First"), QuestionFactory(title="Second")]
    QuestionFactory(title="Not chosen")
    response = _export(admin_client, "json", chosen)
    job = Job.objects.get()
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert [queued.task_name for queued in queued_jobs()] == ["questions.export_questions"]
    run_queued_jobs()
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 questions exported." in page
    download = admin_client.get(f"/admin/jobs/job/{job.pk}/download/")
    assert download.status_code == 200
    assert 'filename="qbank-questions.json"' in download["Content-Disposition"]
    document = json.loads(b"".join(download.streaming_content))
    assert sorted(q["title"] for q in document["questions"]) == ["First", "Second"]


@pytest.mark.parametrize(("format", "marker"), [("markdown", "**"), ("anki", "\t"), ("moodle", "<quiz>")])
def test_every_format_exports(admin_client, format, marker):
    _export(admin_client, format, [QuestionFactory(title="Only")])
    run_queued_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    content = b"".join(admin_client.get(f"/admin/jobs/job/{job.pk}/download/").streaming_content).decode()
    assert "Only" in content
    assert marker in content


def test_select_all_exports_every_question_the_filters_chose(admin_client):
    drafts = [QuestionFactory(status="draft") for _ in range(3)]
    QuestionFactory(status="published")
    admin_client.post(
        f"{CHANGELIST}?status__exact=draft",
        {"action": "export_json", "select_across": "1", "_selected_action": [drafts[0].pk], "index": "0"},
    )
    assert sorted(Job.objects.get().arguments["question_ids"]) == sorted(q.pk for q in drafts)


def test_asking_twice_is_one_job(admin_client):
    questions = [QuestionFactory()]
    first = _export(admin_client, "anki", questions)
    second = _export(admin_client, "anki", questions)
    assert first["Location"] == second["Location"]
    assert len(queued_jobs()) == 1


def test_a_superuser_may_download_anyones_export(admin_client, superuser, client):
    _export(admin_client, "json", [QuestionFactory()])
    run_queued_jobs()
    job = Job.objects.get()
    client.force_login(superuser)
    assert client.get(f"/admin/jobs/job/{job.pk}/download/").status_code == 200


def test_another_staff_member_cannot_download(admin_client, publisher_client):
    _export(admin_client, "json", [QuestionFactory()])
    run_queued_jobs()
    job = Job.objects.get()
    assert publisher_client.get(f"/admin/jobs/job/{job.pk}/change/").status_code == 200  # sees the status
    assert publisher_client.get(f"/admin/jobs/job/{job.pk}/download/").status_code == 403


def test_the_download_expires_and_its_file_is_deleted(admin_client, settings):
    _export(admin_client, "json", [QuestionFactory()])
    run_queued_jobs()
    job = Job.objects.get()
    storage, name = job.result_file.storage, job.result_file.name
    assert storage.exists(name)
    later = timezone.now() + timedelta(hours=settings.JOB_RESULT_HOURS, minutes=1)
    with time_machine.travel(later):
        assert admin_client.get(f"/admin/jobs/job/{job.pk}/download/").status_code == 404
    assert not storage.exists(name)


def test_expired_files_are_swept(admin_client, settings):
    _export(admin_client, "json", [QuestionFactory()])
    run_queued_jobs()
    job = Job.objects.get()
    name = job.result_file.name
    delete_expired_results(timestamp=0)
    assert job.result_file.storage.exists(name)  # not yet expired
    later = timezone.now() + timedelta(hours=settings.JOB_RESULT_HOURS, minutes=1)
    with time_machine.travel(later):
        delete_expired_results(timestamp=0)
    job.refresh_from_db()
    assert not job.result_file
    assert not job.result_file.storage.exists(name)


def test_finished_jobs_are_forgotten_after_some_days(settings):
    old = Job.objects.create(kind=Job.Kind.EXPORT, title="old", status=Job.Status.SUCCEEDED)
    Job.objects.create(kind=Job.Kind.EXPORT, title="running", status=Job.Status.RUNNING)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(days=settings.JOB_KEEP_DAYS, hours=1)):
        delete_expired_results(timestamp=0)
    assert list(Job.objects.values_list("title", flat=True)) == ["running"]


def test_the_apkg_export_is_a_real_anki_package(admin_client):
    _export(admin_client, "apkg", [QuestionFactory(title="Only")])
    run_queued_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    download = admin_client.get(f"/admin/jobs/job/{job.pk}/download/")
    assert 'filename="qbank-questions.apkg"' in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as package:
        database = sqlite3.connect(":memory:")
        database.deserialize(package.read("collection.anki2"))
    (fields,) = database.execute("SELECT flds FROM notes").fetchone()
    assert fields.startswith("Only\x1f")
