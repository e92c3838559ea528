"""qbank → a format → import_bank → the same questions."""

import io
import json
import sqlite3
import zipfile

import pytest
from django.core.management import call_command

from questions.exchange.apkg import note_id
from questions.models import Question
from tests.factories import QuestionFactory, TagFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FIELDS = (
    "slug", "title", "body", "answer", "explanation", "key_points", "solutions", "difficulty", "category__slug",
)  # fmt: skip


def _bank():
    QuestionFactory(
        title="What does self-attention compute?",
        body="Given tokens $x_1 … x_n$, explain.",
        answer="A weighted sum:\n\n- queries\n- keys\n\n```python\nweights = softmax(q @ k.T)\n```",
        explanation="See **Vaswani** et al.",
        key_points="! Weighs every token | self-attention; 自注意力\nCost grows with the square",
        solutions="One matrix product.\n\n```python\nweights = softmax(q @ k.T) < 1\n```\n\n```cpp\nauto w = q * k;\n```",
        difficulty="hard",
        category=category("coding"),
        tags=[TagFactory(name="注意力"), TagFactory(name="transformers")],
    )
    QuestionFactory(
        title="什么是过拟合？", answer="模型记住了**噪声**。", explanation="", category=category("concept")
    )


def _snapshot():
    rows = Question.objects.order_by("slug").values_list(*FIELDS)
    tags = {q.slug: sorted(t.slug for t in q.tags.all()) for q in Question.objects.prefetch_related("tags")}
    return [(*row, tags[row[0]]) for row in rows]


def _export_and_reimport(tmp_path, format: str, name: str):
    out = tmp_path / name
    call_command("export_bank", str(out), "--format", format, stdout=io.StringIO(), stderr=io.StringIO())
    before = _snapshot()
    Question.objects.all().delete()
    result = io.StringIO()
    call_command("import_bank", str(out), stdout=result, stderr=io.StringIO())
    return before, _snapshot(), result.getvalue(), out


def test_apkg_round_trip_gives_the_same_questions(tmp_path):
    _bank()
    before, after, report, _out = _export_and_reimport(tmp_path, "apkg", "bank.apkg")
    assert "2 created" in report
    assert after == before


def test_apkg_holds_the_qbank_note_type_stable_ids_and_a_deck_per_category(tmp_path):
    _bank()
    out = tmp_path / "bank.apkg"
    call_command("export_bank", str(out), "--format", "apkg", stdout=io.StringIO(), stderr=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        db = sqlite3.connect(":memory:")
        db.deserialize(archive.read("collection.anki2"))
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    (model,) = models.values()
    assert model["name"] == "qbank"
    assert [f["name"] for f in model["flds"]] == [
        "Title",
        "Prompt",
        "Answer",
        "Explanation",
        "Key points",
        "Source",
        "Solutions",
    ]
    assert ".highlight .k" in model["css"]
    decks = {deck["name"] for deck in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).values()}
    assert {"qbank::Coding", "qbank::Concept"} <= decks
    slug = Question.objects.get(title__startswith="What does").slug
    nid, _guid, fields = db.execute(
        "SELECT id, guid, flds FROM notes WHERE guid = ?", [f"qbank:{slug}"]
    ).fetchone()
    assert nid == note_id(slug)
    assert 'class="highlight"' in fields
    assert '<section class="solution" data-language="cpp">' in fields.split("\x1f")[6]
    assert f'/q/{slug}/">' in fields


def test_moodle_round_trip_gives_the_same_questions(tmp_path):
    _bank()
    before, after, report, _out = _export_and_reimport(tmp_path, "moodle", "bank.xml")
    assert "2 created" in report
    assert after == before


def test_json_round_trip_through_detection_is_identical(tmp_path):
    _bank()
    first = tmp_path / "first.json"
    call_command("export_bank", str(first), "--format", "json", stdout=io.StringIO(), stderr=io.StringIO())
    Question.objects.all().delete()
    call_command("import_bank", str(first), stdout=io.StringIO(), stderr=io.StringIO())
    second = tmp_path / "second.json"
    call_command("export_bank", str(second), "--format", "json", stdout=io.StringIO(), stderr=io.StringIO())
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "exported_at"}  # noqa: E731
    assert strip(first.read_text()) == strip(second.read_text())


def test_reexported_apkg_reimports_as_unchanged(tmp_path):
    _bank()
    out = tmp_path / "bank.apkg"
    call_command("export_bank", str(out), "--format", "apkg", stdout=io.StringIO(), stderr=io.StringIO())
    result = io.StringIO()
    call_command("import_bank", str(out), stdout=result, stderr=io.StringIO())
    assert "0 created" in result.getvalue()
    assert Question.objects.count() == 2
