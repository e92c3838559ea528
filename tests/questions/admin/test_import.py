"""Importing an article from the admin: upload, preview, confirm (a job) or cancel."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import Job
from questions.admin.imports import SIGNING_SALT
from questions.models import Question, Source
from tests.jobs_helpers import queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

URL = "/admin/questions/question/import/"
SEED_BYTES = (Path(__file__).resolve().parents[3] / "fixtures/articles/000_078af3b08b6dc3fc.txt").read_bytes()


def _upload(client, data=SEED_BYTES, name="seed.md", **extra):
    """Upload; once the preview job has run, the page the editor lands on."""
    response = client.post(
        URL,
        {"file": SimpleUploadedFile(name, data, content_type="text/markdown"), **extra},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    if response.status_code != 302:
        return response  # the form again, with its errors
    run_queued_jobs()
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en", follow=True)


def _payload(html: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', html)[1]


def test_changelist_links_to_the_import(admin_client):
    html = admin_client.get("/admin/questions/question/").content.decode()
    assert f'href="{URL}"' in html


def test_the_upload_queues_the_preview_as_a_job_whose_page_leads_to_it(admin_client):
    response = admin_client.post(URL, {"file": SimpleUploadedFile("seed.md", SEED_BYTES)})
    job = Job.objects.get()
    assert (job.kind, response["Location"]) == (Job.Kind.ARTICLE_PREVIEW, f"/admin/jobs/job/{job.pk}/change/")
    assert [queued.task_name for queued in queued_jobs()] == ["questions.preview_article"]
    assert admin_client.get(response["Location"]).status_code == 200  # waiting, refreshing itself
    run_queued_jobs()
    assert admin_client.get(response["Location"])["Location"] == f"{URL}preview/{job.pk}/"


def test_a_preview_is_shown_only_to_whoever_asked_for_it(admin_client, superuser, client):
    admin_client.post(URL, {"file": SimpleUploadedFile("seed.md", SEED_BYTES)})
    run_queued_jobs()
    job = Job.objects.get()
    assert admin_client.get(f"{URL}preview/{job.pk}/").status_code == 200
    client.force_login(superuser)
    assert client.get(f"{URL}preview/{job.pk}/").status_code == 403
    assert client.get(f"/admin/jobs/job/{job.pk}/change/").status_code == 200  # the job itself, not the text


def test_upload_shows_a_side_by_side_preview_and_saves_nothing(admin_client):
    response = _upload(admin_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert Question.objects.count() == 0
    assert Source.objects.count() == 0
    assert "大模型创业：波折与变化的深度解析" in html
    assert "5 created, 0 updated, 0 unchanged" in html
    assert html.count('class="side-by-side"') >= 10
    # The Markdown as written beside the HTML as it will render.
    assert "```python\nimport torch" in html
    assert '<span class="kn">import</span>' in html
    assert "guessed from the title" in html
    assert 'name="payload"' in html


def _confirm(client, payload, **extra):
    response = client.post(URL, {"payload": payload, **extra}, HTTP_ACCEPT_LANGUAGE="en")
    run_queued_jobs()
    return response


def test_confirm_queues_a_job_whose_page_shows_the_result(admin_client, admin_user):
    payload = _payload(_upload(admin_client, status="published").content.decode())
    response = admin_client.post(URL, {"payload": payload}, HTTP_ACCEPT_LANGUAGE="en")
    job = Job.objects.get(kind=Job.Kind.ARTICLE_IMPORT)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert Question.objects.count() == 0  # the request only queued it
    assert [queued.task_name for queued in queued_jobs()] == ["questions.import_article"]
    waiting = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<meta http-equiv="refresh"' in waiting
    run_queued_jobs()
    assert Question.objects.count() == 5
    assert set(Question.objects.values_list("status", "author")) == {("published", admin_user.pk)}
    done = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5 created, 0 updated, 0 unchanged" in done
    assert '<meta http-equiv="refresh"' not in done
    assert 'max="5" value="5"' in done


def test_confirming_twice_queues_one_job(admin_client):
    payload = _payload(_upload(admin_client).content.decode())
    first = admin_client.post(URL, {"payload": payload})
    second = admin_client.post(URL, {"payload": payload})
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=Job.Kind.ARTICLE_IMPORT).count() == 1
    assert len(queued_jobs()) == 1


def test_confirming_again_updates_nothing(admin_client):
    payload = _payload(_upload(admin_client).content.decode())
    _confirm(admin_client, payload)
    html = _upload(admin_client).content.decode()
    assert "0 created, 0 updated, 5 unchanged" in html


def test_cancel_leads_back_without_saving(admin_client):
    html = _upload(admin_client).content.decode()
    assert f'<a class="closelink" href="{URL}">' in html
    assert Question.objects.count() == 0


def test_a_malformed_file_shows_the_line_and_saves_nothing(admin_client):
    response = _upload(admin_client, data="# T\n\n**问题1：Q？**\n\n```\ncode\n".encode(), name="bad.md")
    assert response.status_code == 200
    html = response.content.decode()
    assert "bad.md, line 5: this code fence (```) is never closed" in html
    assert Question.objects.count() == 0


def test_a_binary_upload_is_refused(admin_client):
    html = _upload(admin_client, data=b"\x89PNG\r\n\x1a\n\x00\x00", name="x.png").content.decode()
    assert "binary file" in html
    assert Question.objects.count() == 0


def test_a_tampered_payload_is_refused(admin_client):
    payload = _payload(_upload(admin_client).content.decode())
    response = _confirm(admin_client, payload[:-3] + "abc")
    assert response.status_code == 302
    assert response["Location"] == URL
    assert Question.objects.count() == 0
    assert not Job.objects.filter(kind=Job.Kind.ARTICLE_IMPORT).exists()


def test_a_forged_payload_cannot_be_signed_without_the_key(admin_client):
    article = {"name": "seed.md", "text": SEED_BYTES.decode(), "status": "published"}
    forged = signing.dumps(article, salt=SIGNING_SALT, key="not-the-key", compress=True)
    response = admin_client.post(URL, {"payload": forged}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "could not be confirmed" in response.content.decode()
    assert Question.objects.count() == 0
    # The same payload signed with the site's key would have imported: the test can fail.
    genuine = signing.dumps(article, salt=SIGNING_SALT, compress=True)
    _confirm(admin_client, genuine)
    assert Question.objects.count() == 5


def test_the_import_needs_add_and_change_permissions(staff_client, staff_user):
    assert staff_client.get(URL).status_code == 403
    staff_user.user_permissions.add(
        Permission.objects.get(codename="add_question"), Permission.objects.get(codename="change_question")
    )
    assert staff_client.get(URL).status_code == 200


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.post(URL, {"file": SimpleUploadedFile("seed.md", SEED_BYTES)})
    assert Question.objects.count() == 0


def test_editor_imports_drafts_and_cannot_publish_by_importing(editor_client):
    form_html = editor_client.get(URL).content.decode()
    assert 'value="published"' not in form_html
    assert 'value="review"' in form_html
    refused = _upload(editor_client, status="published")
    assert refused.status_code == 200  # the form again, with the choice refused
    assert Question.objects.count() == 0
    payload = _payload(_upload(editor_client).content.decode())
    _confirm(editor_client, payload)
    assert set(Question.objects.values_list("status", flat=True)) == {"draft"}


def test_editor_submitting_by_import_is_recorded_as_the_submitter(editor_client, editor):
    payload = _payload(_upload(editor_client, status="review").content.decode())
    _confirm(editor_client, payload)
    assert set(Question.objects.values_list("status", "submitted_by")) == {("review", editor.pk)}


def test_editor_import_cannot_change_a_published_question(editor_client, seed):
    changed = SEED_BYTES.decode().replace("大模型创业的主要挑战包括", "（已修改）大模型创业的主要挑战包括")
    response = _upload(editor_client, data=changed.encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"seed\.md:\d+: [^<]*may change drafts only", html)
    assert "Problems (nothing was saved)" in html
    assert not Question.objects.filter(answer__startswith="（已修改）").exists()


def test_publishing_by_import_sets_the_publication_date(admin_client):
    payload = _payload(_upload(admin_client, status="published").content.decode())
    _confirm(admin_client, payload)
    assert not Question.objects.filter(published_at=None).exists()


def test_the_preview_shows_an_articles_key_points_as_their_checklist(admin_client):
    article = (
        b"### Title: Attention\n\n#### Interview Questions\n\n**Question 1: What is attention?**\n\n"
        b"**Answer:** Tokens weigh each other.\n\n**Key points:**\n\n! Weighs <b>tokens</b> | attention\n"
    )
    html = _upload(admin_client, data=article).content.decode()
    assert "<li><b>Weighs &lt;b&gt;tokens&lt;/b&gt;</b> (essential) — attention</li>" in html
    assert Question.objects.count() == 0


def test_the_preview_shows_the_difficulty_and_tags_it_applies(admin_client):
    article = (
        b"### Title: Attention\n\n#### Interview Questions\n\n**Question 1: What is attention?**\n"
        b'<!-- qbank {"difficulty": "hard", "tags": ["transformer", "attention"]} -->\n\n'
        b"**Answer:** Tokens weigh each other.\n\n**Question 2: What is a token?**\n\n**Answer:** A piece.\n"
    )
    html = _upload(admin_client, data=article).content.decode()
    assert "Difficulty: Hard · Tags: transformer, attention" in html
    assert "Difficulty: Medium · Tags: none" in html
    assert Question.objects.count() == 0
