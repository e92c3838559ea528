"""Importing a JSON bank from the admin: upload → a job → its result page."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import Job
from questions.exchange.bank_json import dump_bank
from questions.models import Question
from tests.factories import QuestionFactory
from tests.jobs_helpers import queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

URL = "/admin/questions/question/import-bank/"


def _bank(count=3) -> bytes:
    for n in range(count):
        QuestionFactory(title=f"Banked {n}")
    stream = io.StringIO()
    dump_bank(Question.objects.all(), stream, complete=True)
    Question.objects.all().delete()
    return stream.getvalue().encode()


def _upload(client, data: bytes, name="bank.json"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, HTTP_ACCEPT_LANGUAGE="en")


def test_superusers_find_the_bank_import_on_the_changelist(admin_client, editor_client):
    assert f'href="{URL}"' in admin_client.get("/admin/questions/question/").content.decode()
    assert f'href="{URL}"' not in editor_client.get("/admin/questions/question/").content.decode()
    assert editor_client.get(URL).status_code == 403


def test_an_uploaded_bank_is_imported_by_a_job(admin_client):
    data = _bank()
    response = _upload(admin_client, data)
    job = Job.objects.get()
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert Question.objects.count() == 0
    assert run_queued_jobs() == ["questions.import_bank"]
    assert Question.objects.count() == 3
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "questions: 3 created, 0 updated, 0 unchanged" in page
    assert 'max="3" value="3"' in page


def test_uploading_the_same_bank_twice_is_one_job(admin_client):
    data = _bank()
    assert _upload(admin_client, data)["Location"] == _upload(admin_client, data)["Location"]
    assert len(queued_jobs()) == 1


def test_a_bad_record_fails_the_job_naming_file_and_line_and_saves_nothing(admin_client):
    document = json.loads(_bank())
    document["questions"][2]["difficulty"] = "impossible"
    data = json.dumps(document, ensure_ascii=False, indent=1).encode()
    response = _upload(admin_client, data)
    run_queued_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert Question.objects.count() == 0
    [problem] = job.problems
    assert problem.startswith(f"bank.json:{_line_of(data, 'impossible')}: questions[2]")
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Problems (nothing was saved)" in page
    assert "questions[2]" in page


def _line_of(data: bytes, text: str) -> int:
    return next(number for number, line in enumerate(data.decode().splitlines(), 1) if text in line)


def test_a_file_that_is_not_json_fails_with_its_line(admin_client):
    _upload(admin_client, b'{"format": "qbank",\n  oops')
    run_queued_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.problems[0].startswith("bank.json:2: ")


def test_an_oversized_bank_is_refused_at_the_upload(admin_client, settings):
    settings.BANK_UPLOAD_MAX_BYTES = 10
    response = _upload(admin_client, b"{" + b" " * 20 + b"}")
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not Job.objects.exists()
