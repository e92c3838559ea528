"""An import job acts as the person who started it (import_actor()): one
whose account was deleted, or deactivated, before the job ran fails at once
with a message that says so, writes nothing and is not retried."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from jobs.models import Job
from questions.models import Question
from questions.tasks.imports import enqueue_article_import
from tests.jobs_helpers import run_queued_jobs
from tests.questions.exchange.foreign.decks import legacy_deck

pytestmark = pytest.mark.django_db

ARTICLE = (Path(__file__).resolve().parents[3] / "fixtures/articles/000_078af3b08b6dc3fc.txt").read_text()
DECK = legacy_deck([(["What is a tensor?", "An n-d array"], "ml", "g1")], deck="ML")
NO_ACCOUNT = "The person who started this import no longer has an account."


def _gone(user, how):
    if how == "deleted":
        user.delete()
    else:
        user.is_active = False
        user.save()


def _failed_clearly(job):
    job.refresh_from_db()
    # In the language the job runs in: the uploader's, else the site's.
    with translation.override(job.arguments.get("language") or settings.LANGUAGE_CODE):
        expected = gettext(NO_ACCOUNT)
    assert (job.status, job.message, job.attempts) == (Job.Status.FAILED, expected, 1)
    assert not Question.objects.exists()


@pytest.mark.parametrize("how", ["deleted", "deactivated"])
def test_an_article_import_whose_starter_is_gone_fails_clearly(editor, how):
    job, _ = enqueue_article_import(
        user=editor, name="seed.md", text=ARTICLE, status=Question.Status.DRAFT, reason="", resolutions={}
    )
    _gone(editor, how)
    assert run_queued_jobs() == ["questions.import_article"]
    _failed_clearly(job)
    if how == "deleted":
        assert job.user is None


def test_a_foreign_import_whose_starter_was_deleted_fails_clearly(editor_client, editor):
    editor_client.post(
        "/admin/questions/question/import-any/",
        {"file": SimpleUploadedFile("deck.apkg", DECK)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    run_queued_jobs()
    preview = Job.objects.get(kind=Job.Kind.FOREIGN_PREVIEW)
    assert preview.status == Job.Status.SUCCEEDED, preview.problems
    response = editor_client.post(
        preview.result_url,
        {
            "action": "import",
            "category": "concept",
            "group_0": "category:coding",
            "layout_0_prompt": "Front",
            "layout_0_answer": "Back",
        },
    )
    assert response.status_code == 302
    job = Job.objects.get(kind=Job.Kind.FOREIGN_IMPORT)
    editor.delete()
    assert run_queued_jobs() == ["questions.import_foreign"]
    _failed_clearly(job)
    assert job.user is None
