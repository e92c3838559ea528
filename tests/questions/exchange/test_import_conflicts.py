"""Imports that respect edits: a diff for every changed question, and a
question edited in the admin since the last import is a conflict the editor
resolves (keep the web edit by default, or take the file's text); the
command line fails by default, listing them."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from questions.models import Question
from tests.admin_helpers import change_url, form_data
from tests.jobs_helpers import run_queued_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/admin/questions/question/import/"
SEED = (Path(__file__).resolve().parents[3] / "fixtures/articles/000_078af3b08b6dc3fc.txt").read_text()
Q1_ANSWER_START = "**答案：** 大模型是指"
Q2_HEADING = "**问题2：大模型创业的主要挑战是什么？**"


def _edited_file(q1_note="", q2_meta=""):
    """The seed with question 1's answer and question 2's metadata changed."""
    text = SEED.replace(Q1_ANSWER_START, f"**答案：** {q1_note}大模型是指", 1) if q1_note else SEED
    if q2_meta:
        text = text.replace(Q2_HEADING, f"{Q2_HEADING}\n<!-- qbank {q2_meta} -->", 1)
    return text


def _upload(client, text, **extra):
    """Upload; once the preview job has run, the preview."""
    upload = SimpleUploadedFile("seed.md", text.encode(), content_type="text/markdown")
    response = client.post(URL, {"file": upload, **extra}, HTTP_ACCEPT_LANGUAGE="en")
    run_queued_jobs()
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en", follow=True)


def _confirm(client, html, **choices):
    payload = re.search(r'name="payload" value="([^"]+)"', html)[1]
    response = client.post(URL, {"payload": payload, **choices}, HTTP_ACCEPT_LANGUAGE="en")
    run_queued_jobs()
    return response


def _import_and_confirm(client, text, **choices):
    return _confirm(client, _upload(client, text).content.decode(), **choices)


def _question(position):
    return Question.objects.get(source_position=position)


def _web_edit(client, position, answer):
    question = _question(position)
    response = client.post(change_url(question), form_data(question, answer=answer, change_reason="web fix"))
    assert response.status_code == 302


def test_preview_shows_a_diff_for_every_changed_question_tags_and_difficulty_included(admin_client):
    _import_and_confirm(admin_client, SEED)
    text = _edited_file(q1_note="【新】", q2_meta='{"difficulty": "hard", "tags": ["startup"]}')
    html = _upload(admin_client, text).content.decode()
    assert "0 created, 2 updated, 3 unchanged" in html
    assert html.count("What changes") == 2
    assert "<ins>【新】</ins>" in html
    assert "<del>Medium</del> → <ins>Hard</ins>" in html
    assert "<ins>startup</ins>" in html
    assert "import-conflict" not in html  # nothing was edited on the web


def test_a_web_edit_is_kept_by_default_and_listed_as_a_conflict(admin_client):
    _import_and_confirm(admin_client, SEED)
    _web_edit(admin_client, 1, "Edited on the web.")
    text = _edited_file(q1_note="【新】", q2_meta='{"difficulty": "hard"}')
    html = _upload(admin_client, text).content.decode()
    assert html.count('class="import-conflict"') == 1
    assert 'value="keep" checked' in html
    assert "edited on the web since the last import" in html
    response = _confirm(admin_client, html)
    assert response.status_code == 302
    assert _question(1).answer == "Edited on the web."
    assert _question(2).difficulty == "hard"  # the rest of the import went ahead
    followed = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "kept the web edit" in followed


def test_take_the_files_text_for_one_conflict(admin_client):
    _import_and_confirm(admin_client, SEED)
    _web_edit(admin_client, 1, "Edited on the web.")
    html = _upload(admin_client, _edited_file(q1_note="【新】")).content.decode()
    _confirm(admin_client, html, **{"conflict:" + _conflict_key(html): "take"})
    assert _question(1).answer.startswith("【新】大模型是指")
    # Taken from the file, the question is in step with the article again.
    assert (
        "0 created, 0 updated, 5 unchanged"
        in _upload(admin_client, _edited_file(q1_note="【新】")).content.decode()
    )


def test_a_kept_web_edit_stays_a_conflict_at_the_next_import(admin_client):
    _import_and_confirm(admin_client, SEED)
    _web_edit(admin_client, 1, "Edited on the web.")
    _import_and_confirm(admin_client, SEED)
    html = _upload(admin_client, SEED).content.decode()
    assert html.count('class="import-conflict"') == 1


def test_a_workflow_step_is_no_web_edit(admin_client):
    _import_and_confirm(admin_client, SEED)
    question = _question(1)
    admin_client.post(f"/admin/questions/question/{question.pk}/transition/submit/", {"reason": "ready"})
    html = _upload(admin_client, _edited_file(q1_note="【新】")).content.decode()
    assert "import-conflict" not in html


def test_an_edit_made_between_preview_and_confirmation_is_kept(admin_user, superuser):
    importer, editor = Client(headers={"accept-language": "en"}), Client(headers={"accept-language": "en"})
    importer.force_login(admin_user)
    editor.force_login(superuser)
    _import_and_confirm(importer, SEED)
    preview = _upload(importer, _edited_file(q1_note="【新】")).content.decode()
    assert "import-conflict" not in preview  # no conflict when the importer looked
    _web_edit(editor, 1, "Saved by the second person meanwhile.")
    response = _confirm(importer, preview)
    assert response.status_code == 302
    assert _question(1).answer == "Saved by the second person meanwhile."
    assert "kept the web edit" in importer.get(response["Location"]).content.decode()


def _cli(text, tmp_path, **options):
    path = tmp_path / "article.md"
    path.write_text(text)
    out, err = StringIO(), StringIO()
    call_command("import_article", str(path), stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def test_command_line_fails_by_default_listing_the_conflicts_and_saves_nothing(admin_client, tmp_path):
    _cli(SEED, tmp_path)
    _web_edit(admin_client, 1, "Edited on the web.")
    before = _question(2).difficulty
    with pytest.raises(CommandError) as error:
        _cli(_edited_file(q1_note="【新】", q2_meta='{"difficulty": "hard"}'), tmp_path)
    message = str(error.value)
    # The command speaks the site's language (LANGUAGE_CODE): check what any language says.
    assert "article.md:13" in message  # question 1's line
    assert "“什么是大模型？”" in message
    assert "--on-conflict" in message
    assert _question(1).answer == "Edited on the web."
    assert _question(2).difficulty == before


def test_command_line_keeps_or_takes_on_request(admin_client, tmp_path):
    _cli(SEED, tmp_path)
    _web_edit(admin_client, 1, "Edited on the web.")
    output = _cli(_edited_file(q1_note="【新】"), tmp_path, on_conflict="keep", reason="new edition")
    assert "13: “什么是大模型？”" in output  # listed as a conflict
    assert _question(1).answer == "Edited on the web."
    _cli(_edited_file(q1_note="【新】"), tmp_path, on_conflict="take", reason="new edition")
    question = _question(1)
    assert question.answer.startswith("【新】")
    assert question.history.latest("history_id").history_change_reason == "new edition"


def _conflict_key(html):
    return re.search(r'name="conflict:([^"]+)" value="take"', html)[1]
