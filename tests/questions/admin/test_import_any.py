"""The one import page: upload → preview job → mapping → import job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import Job
from questions.models import Question
from tests.jobs_helpers import run_queued_jobs
from tests.questions.exchange.foreign.decks import legacy_deck

pytestmark = pytest.mark.django_db

URL = "/admin/questions/question/import-any/"
DECK = legacy_deck(
    [(["What is a tensor?", "An n-d array"], "ml", "g1"), (["Q2?", "A2"], "", "g2")], deck="ML"
)


def _upload(client, data: bytes, name="deck.apkg", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields}, HTTP_ACCEPT_LANGUAGE="en")


def _preview_page(client):
    run_queued_jobs()
    job = Job.objects.filter(kind=Job.Kind.FOREIGN_PREVIEW).latest("pk")
    assert job.status == Job.Status.SUCCEEDED, job.problems
    return job, client.get(job.result_url, HTTP_ACCEPT_LANGUAGE="en")


def test_editors_find_the_page_on_the_changelist(editor_client):
    assert f'href="{URL}"' in editor_client.get("/admin/questions/question/").content.decode()
    assert editor_client.get(URL).status_code == 200


def test_an_anki_deck_is_previewed_then_imported_with_the_mapping(editor_client, editor):
    response = _upload(editor_client, DECK)
    job = Job.objects.get()
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    job, page = _preview_page(editor_client)
    text = page.content.decode()
    assert "questions: 2 created" in text
    assert "What is a tensor?" in text
    assert "note 1" in text
    assert not Question.objects.exists()
    response = editor_client.post(
        job.result_url,
        {"action": "import", "category": "concept", "group_0": "category:coding", "layout_0_prompt": "Front",
         "layout_0_answer": "Back"},
    )  # fmt: skip
    assert response.status_code == 302
    run_queued_jobs()
    imported = Job.objects.get(kind=Job.Kind.FOREIGN_IMPORT)
    assert imported.status == Job.Status.SUCCEEDED, imported.problems
    assert imported.done == imported.total == 2
    assert set(Question.objects.values_list("category__slug", flat=True)) == {"coding"}
    assert Question.objects.get(title="What is a tensor?").author == editor


def test_preview_again_uses_the_kept_upload(editor_client):
    _upload(editor_client, DECK)
    job, _page = _preview_page(editor_client)
    editor_client.post(job.result_url, {"action": "preview", "category": "evaluation", "group_0": "ignore"})
    again, page = _preview_page(editor_client)
    assert again.pk != job.pk
    assert again.arguments["upload_job"] == job.pk
    assert "Evaluation" in page.content.decode()


def test_a_bad_file_is_a_form_error(editor_client):
    response = _upload(editor_client, b"PK\x03\x04junk", name="x.zip")
    assert "x.zip: a zip file that is neither" in response.content.decode()
    assert not Job.objects.exists()


def test_a_problem_fails_the_preview_job_with_locations(editor_client):
    _upload(editor_client, b"title,answer\nA,\n", name="bank.csv")
    run_queued_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.problems == ["bank.csv:row 2: no answer"]


def test_someone_elses_preview_is_forbidden(editor_client, other_editor_client):
    _upload(editor_client, DECK)
    job, _page = _preview_page(editor_client)
    assert other_editor_client.get(job.result_url).status_code == 403


def test_editors_may_not_publish_through_an_import(editor_client):
    response = _upload(editor_client, DECK, status="published")
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_json_needs_a_superuser(editor_client):
    response = _upload(editor_client, b'{"format": "qbank", "version": 1}', name="bank.json")
    assert "only superusers may import a JSON bank" in response.content.decode()
