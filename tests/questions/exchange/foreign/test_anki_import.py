"""Anki packages in: genanki's, the legacy layout and the current (zstd) one."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.models import ImportOrigin, Question
from tests.questions.exchange.foreign.decks import current_deck, genanki_deck, legacy_deck, png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

STYLED = (
    '<div style="font-family: Arial; color: #333"><h2 style="margin:0">Bias &amp; variance</h2>'
    '<p style="color:red">What is the <b>trade-off</b>?&nbsp;Explain.</p></div>'
)
ANSWER = (
    '<ul style="padding:0"><li style="x">High bias: underfit</li><li>High variance: overfit</li></ul>'
    '<pre class="language-python"><code>loss = bias**2 + var</code></pre><img src="plot.png" style="width:9px">'
)


def _import(tmp_path, data, *args, name="deck.apkg"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bank", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_genanki_deck_becomes_questions_without_styles(tmp_path, django_capture_on_commit_callbacks):
    deck = genanki_deck(
        [(STYLED, ANSWER, "See <i>ESL</i> ch. 7", ["ml", "difficulty::hard"], "abc123")],
        media={"plot.png": png()},
    )
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = _import(tmp_path, deck)
    assert "1 created" in out
    question = Question.objects.get()
    assert question.title == "Bias & variance"
    assert "style" not in question.body + question.answer + question.answer_html
    assert "- High bias: underfit" in question.answer
    assert "```python\nloss = bias**2 + var\n```" in question.answer
    assert "/media/markdownx/imported/" in question.answer
    assert "plot.png" not in question.answer
    assert question.explanation == "See *ESL* ch. 7"
    assert question.difficulty == "hard"
    assert sorted(question.tags.values_list("name", flat=True)) == ["Interview::ML", "ml"]
    assert question.status == "draft"
    stored = re.search(r"/media/(markdownx/imported/\w+\.png)", question.answer)[1]
    assert default_storage.exists(stored)
    origin = ImportOrigin.objects.get()
    assert (origin.format, origin.external_id, origin.question) == ("anki", "abc123", question)


def test_legacy_collection_anki21_is_read(tmp_path):
    deck = legacy_deck([(["What is 2+2?", "4"], "math", "g1")], collection="collection.anki21")
    _import(tmp_path, deck)
    assert Question.objects.get().answer == "4"


def test_current_layout_with_zstd_and_protobuf_media_map_reads_cloze(tmp_path):
    deck = current_deck(
        [(['The {{c1::GIL::lock}} stops {{c2::threads}} <img src="gil.png">', "CPython only"], "py", "c1")],
        media={"gil.png": png()},
    )
    _import(tmp_path, deck)
    question = Question.objects.get()
    assert question.title.startswith("The [lock] stops […]")
    assert question.answer.startswith("The **GIL** stops **threads**")
    assert question.explanation == "CPython only"
    assert "/media/markdownx/imported/" in question.body


def test_reimport_updates_nothing_and_creates_no_duplicate(tmp_path):
    deck = legacy_deck([(["Q one?", "A one"], "", "g1"), (["Q two?", "A two"], "", "g2")])
    _import(tmp_path, deck)
    out, _err = _import(tmp_path, deck)
    assert "0 created, 0 updated, 2 unchanged" in out
    assert Question.objects.count() == 2


def test_reimport_keeps_an_editors_change_and_reports_it(tmp_path):
    deck = legacy_deck([(["Q one?", "A one"], "", "g1")])
    _import(tmp_path, deck)
    question = Question.objects.get()
    question.answer = "An editor's better answer"
    question.save()
    changed = legacy_deck([(["Q one?", "A one, changed upstream"], "", "g1")])
    out, err = _import(tmp_path, changed)
    assert "1 skipped" in out
    assert "note 1: skipped: edited in qbank since the last import" in err
    question.refresh_from_db()
    assert question.answer == "An editor's better answer"


def test_reimport_of_a_changed_note_updates_its_question(tmp_path):
    _import(tmp_path, legacy_deck([(["Q one?", "A one"], "", "g1")]))
    out, _err = _import(tmp_path, legacy_deck([(["Q one?", "A one, fixed"], "", "g1")]))
    assert "1 updated" in out
    assert Question.objects.get().answer == "A one, fixed"


def test_deck_mapped_to_a_category(tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"groups": {"Legacy": "category:coding"}}')
    _import(tmp_path, legacy_deck([(["Q?", "A"], "", "g1")]), "--mapping", str(mapping))
    question = Question.objects.get()
    assert question.category.slug == "coding"
    assert not question.tags.exists()


def test_dry_run_lists_the_questions_and_writes_nothing(tmp_path):
    out, _err = _import(tmp_path, legacy_deck([(["Q?", "A"], "", "g1")]), "--dry-run")
    assert "deck.apkg:note 1: created: Q?" in out
    assert "Dry run" in out
    assert not Question.objects.exists()
    assert not ImportOrigin.objects.exists()


def test_note_without_answer_is_listed_as_skipped(tmp_path):
    out, err = _import(tmp_path, legacy_deck([(["Q?", ""], "", "g1"), (["Q2?", "A"], "", "g2")]))
    assert "1 created" in out
    assert "note 1: skipped: no answer" in err


def test_status_option_is_applied(tmp_path):
    _import(tmp_path, legacy_deck([(["Q?", "A"], "", "g1")]), "--status", "review", "--reason", "from Anki")
    question = Question.objects.get()
    assert question.status == "review"
    assert question.history.first().history_change_reason == "from Anki"


def test_a_broken_package_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(CommandError, match=r"deck.apkg: not a valid zip archive"):
        _import(tmp_path, b"PK\x03\x04 not really", "--format", "anki")


def test_a_colpkg_in_the_current_layout_is_read(tmp_path):
    deck = current_deck([(["{{c1::Paris}} is the capital of France", ""], "", "c9")])
    out, _err = _import(tmp_path, deck, name="collection.colpkg")
    assert "1 created" in out
    assert Question.objects.get().answer == "**Paris** is the capital of France"


def test_more_media_files_than_allowed_are_refused(tmp_path, settings):
    settings.IMPORT_MAX_MEDIA_FILES = 2
    deck = legacy_deck([(["Q?", "A"], "", "g")], media={f"{n}.png": png() for n in range(3)})
    with pytest.raises(CommandError, match=r"deck.apkg: more than 2 media files"):
        _import(tmp_path, deck)


def test_web_page_html_keeps_its_structure_and_loses_its_styling(tmp_path):
    back = (
        '<div style="font-size:14px"><table style="border:1px"><tr><th>Method</th><th>Cost</th></tr>'
        "<tr><td>scan</td><td>O(n)</td></tr></table><ol><li>first</li><li>second&nbsp;step</li></ol>"
        '<p>Use <code>x &lt; y</code> and <a href="https://example.com" style="color:red">docs</a>.</p></div>'
    )
    _import(tmp_path, legacy_deck([(["Q?", back], "", "g")]))
    answer = Question.objects.get().answer
    assert "| Method | Cost |" in answer
    assert "1. first\n2. second step" in answer
    assert "`x < y`" in answer
    assert "[docs](https://example.com)" in answer
    assert "style" not in answer
