"""Crafted article files get a `file:line` message, never a 500, and nothing
is half written: NUL in a comment's strings, positions past a 32-bit
integer, deeply nested JSON, Markdown that would take too long to render,
two confirmations of the same new article at once, an editor's save while
the import runs."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.exchange import articles
from questions.models import Question, Source
from tests.jobs_helpers import run_queued_jobs

pytestmark = pytest.mark.django_db

URL = "/admin/questions/question/import/"


def _article(comment: str = "", answer: str = "a") -> str:
    return f"# T\n\n**Question 1: Q?**\n{comment}\n\n**Answer:** {answer}\n"


CRAFTED = {
    "NUL in a tag": ('<!-- qbank {"tags": ["ok", "bad\\u0000tag"]} -->', "", r":4: .*NUL"),
    "NUL in a slug": ('<!-- qbank {"slug": "a\\u0000b"} -->', "", r":4: .*NUL"),
    "position past 32 bits": ('<!-- qbank {"position": 4294967296} -->', "", r":4: .*position"),
    "position true": ('<!-- qbank {"position": true} -->', "", r":4: .*position"),
    "deeply nested JSON": (
        '<!-- qbank {"tags": ' + "[" * 100_000 + "]" * 100_000 + "} -->",
        "",
        r":4: .*(nested|long)",
    ),
    "editor's note too long": ("", "a\n\n**Editor's note:** " + "x" * 15_001, r":3: .*longer than"),
}


@pytest.mark.parametrize(("comment", "answer", "message"), CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_article_names_the_line_on_the_command_line(english, tmp_path, comment, answer, message):
    path = tmp_path / "crafted.md"
    path.write_text(_article(comment, answer or "a"), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path), verbosity=0)
    assert (Question.objects.count(), Source.objects.count()) == (0, 0)


@pytest.mark.parametrize(("comment", "answer", "message"), CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_article_is_a_form_error_in_the_admin(admin_client, comment, answer, message):
    data = _article(comment, answer or "a").encode()
    response = admin_client.post(
        URL,
        {"file": SimpleUploadedFile("crafted.md", data, content_type="text/markdown")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert re.search(message.removeprefix(":4: ").removeprefix(":3: "), errors[0])
    assert Question.objects.count() == 0


def test_markdown_too_slow_to_render_is_refused_with_its_line(english, tmp_path, settings):
    settings.MARKDOWN_RENDER_TIMEOUT = 0.2
    path = tmp_path / "slow.md"
    path.write_text(_article(answer="[" * 14_000), encoding="utf-8")
    with pytest.raises(CommandError, match=r"slow.md:3: .*too long to render"):
        call_command("import_article", str(path), verbosity=0)
    assert (Question.objects.count(), Source.objects.count()) == (0, 0)


def _confirm_payload(admin_client, text: str) -> str:
    upload = SimpleUploadedFile("new.md", text.encode(), content_type="text/markdown")
    response = admin_client.post(URL, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    run_queued_jobs()
    html = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
    return re.search(r'name="payload" value="([^"]+)"', html)[1]


def _confirm_and_run(admin_client, payload):
    """Confirm, let the job run, and read the job's page."""
    response = admin_client.post(URL, {"payload": payload}, HTTP_ACCEPT_LANGUAGE="en")
    run_queued_jobs()
    return admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")


def test_a_second_confirmation_of_the_same_new_article_is_a_message(admin_client, monkeypatch):
    """Two editors confirm at once: the loser's insert hits the unique slug.
    The race is simulated by inserting the article's row twice."""
    payload = _confirm_payload(admin_client, _article())

    def racing(self, article):
        Source.objects.create(title="T", slug=article.source_slug)  # the other editor's
        Source.objects.create(title="T", slug=article.source_slug)  # ours: IntegrityError

    monkeypatch.setattr(articles._ArticleImporter, "_save_source", racing)
    response = _confirm_and_run(admin_client, payload)
    assert response.status_code == 200
    assert "at the same time" in response.content.decode()
    assert (Question.objects.count(), Source.objects.count()) == (0, 0)


def _bump_versions_meanwhile(monkeypatch):
    """An editor saves each question between the import's read and its write."""
    real = articles._ArticleImporter._save_question

    def racing(self, parsed, question, report):
        if question is not None:
            Question.objects.filter(pk=question.pk).update(version=question.version + 1)
        return real(self, parsed, question, report)

    monkeypatch.setattr(articles._ArticleImporter, "_save_question", racing)


def test_an_edit_during_the_admin_import_is_a_message(admin_client, monkeypatch, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(_article(), encoding="utf-8")
    call_command("import_article", str(path), verbosity=0)
    payload = _confirm_payload(admin_client, _article(answer="changed"))
    _bump_versions_meanwhile(monkeypatch)
    response = _confirm_and_run(admin_client, payload)
    assert response.status_code == 200
    assert "saved by someone else" in response.content.decode()
    assert Question.objects.get().answer == "a"


def test_an_edit_during_the_command_line_import_is_a_message(english, monkeypatch, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(_article(), encoding="utf-8")
    call_command("import_article", str(path), verbosity=0)
    path.write_text(_article(answer="changed"), encoding="utf-8")
    _bump_versions_meanwhile(monkeypatch)
    with pytest.raises(CommandError, match=r"a.md:3: .*saved by someone else"):
        call_command("import_article", str(path), verbosity=0)
    assert Question.objects.get().answer == "a"


def _exported_bank() -> dict:
    import json
    from io import StringIO

    out = StringIO()
    call_command("export_bank", "-", format="json", stdout=out, stderr=StringIO())
    Question.objects.all().delete()
    Source.objects.all().delete()
    return json.loads(out.getvalue())


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("kind", ["questions", "sources"])
def test_bank_json_with_markdown_too_slow_to_render_names_its_line_and_writes_nothing(
    english, seed, tmp_path, settings, kind
):
    import json
    from io import StringIO

    document = _exported_bank()
    field = "answer" if kind == "questions" else "conclusion"
    record = document[kind][-1]
    record[field] = "[" * 14_000
    path = tmp_path / "bank.json"
    text = json.dumps(document, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    line = _line_of(text, f'"{field}": "[[[')
    settings.MARKDOWN_RENDER_TIMEOUT = 0.2
    index = len(document[kind]) - 1
    message = rf"bank.json:{line}: {kind}\[{index}\]\.{field}: .*too long to render"
    with pytest.raises(CommandError, match=message):
        call_command("import_bank", str(path), stdout=StringIO(), stderr=StringIO())
    assert (Question.objects.count(), Source.objects.count()) == (0, 0)
