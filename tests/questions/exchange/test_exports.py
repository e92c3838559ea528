"""Markdown, Anki and Moodle exports, and the public category downloads."""

import csv
import io
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.exchange import anki, markdown_export, moodle
from questions.models import Question, Source, Tag
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SEED_PATH = Path(__file__).resolve().parents[3] / "fixtures/articles/000_078af3b08b6dc3fc.txt"

TRICKY_ANSWER = (
    "Use a tab:\n\n```python\nif x:\n\tprint('a\\tb')  # \"quoted\"\n```\n\nDone ]]> & <b>bold</b>\x0b."
)


def _export(fmt: str, *args, **options) -> str:
    out = StringIO()
    call_command("export_bank", "-", *args, format=fmt, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _rich_bank():
    call_command("loaddata", "seed_article", verbosity=0)
    source = SourceFactory(
        title="Vectors in practice",
        language="en",
        url="https://example.com/vectors",
        intro="Why **vectors**.",
        conclusion="Use them.",
        appendix="- a link",
    )
    tags = [TagFactory(name="embeddings"), TagFactory(name="检索")]
    QuestionFactory(
        title="What is an embedding?",
        body="Think of **words**.",
        answer="A vector.\n\n- dense\n- learned",
        explanation="Similar things are close.",
        editor_note="Also see word2vec.",
        difficulty="easy",
        source=source,
        source_position=1,
        tags=tags,
    )
    QuestionFactory(
        title="Implement top-k search",
        answer=TRICKY_ANSWER,
        category=category("coding"),
        difficulty="hard",
        source=source,
        source_position=2,
    )
    QuestionFactory(title="A question without a source", answer="> quoted start", tags=[tags[1]])


def _content():
    """What an article carries, per question (by slug)."""
    return {
        q.slug: (
            q.title,
            q.body,
            q.answer,
            q.explanation,
            q.editor_note,
            q.category.slug,
            q.difficulty,
            q.source.slug if q.source else None,
            q.source_position,
            sorted(t.name for t in q.tags.all()),
        )
        for q in Question.objects.select_related("category", "source").prefetch_related("tags")
    }


def _sources():
    return sorted(
        Source.objects.values_list("slug", "title", "language", "url", "intro", "conclusion", "appendix")
    )


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_export_then_import_is_a_round_trip(tmp_path):
    _rich_bank()
    before, sources = _content(), _sources()
    path = tmp_path / "bank.md"
    path.write_text(_export("markdown"), encoding="utf-8")
    Question.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    assert _content() == before
    assert _sources() == sources


def test_markdown_export_imports_into_the_same_bank_unchanged(tmp_path):
    _rich_bank()
    path = tmp_path / "bank.md"
    path.write_text(_export("markdown"), encoding="utf-8")
    out = StringIO()
    call_command("import_article", str(path), stdout=out, stderr=StringIO())
    assert out.getvalue().count("0 created, 0 updated") == 3
    assert Question.objects.count() == 8


def _edited_in_the_admin_and_read_back(client, tmp_path, answer_as_posted):
    """The seed, one question edited through the admin's form (browsers post
    CRLF line ends), exported as Markdown and read back with import_article."""
    call_command("seed_bank", stdout=StringIO())
    question = Question.objects.order_by("source_position").first()
    Question.objects.filter(pk=question.pk).update(status=Question.Status.DRAFT)
    question.refresh_from_db()
    response = client.post(
        change_url(question), form_data(question, answer=answer_as_posted(question), change_reason="edit")
    )
    assert response.status_code == 302
    path = tmp_path / "bank.md"
    path.write_text(_export("markdown"), encoding="utf-8")
    out = StringIO()
    call_command("import_article", str(path), stdout=out, stderr=StringIO())  # raises on a conflict
    return question, out.getvalue()


def test_a_markdown_export_reads_back_with_no_false_conflict_after_an_admin_edit(admin_client, tmp_path):
    question, report = _edited_in_the_admin_and_read_back(
        admin_client, tmp_path, lambda q: q.answer.replace("\n", "\r\n") + "\r\n\r\nOne more line."
    )
    assert ", 0 updated" in report or "更新 0 道" in report
    question.refresh_from_db()
    assert "\r" not in question.answer
    assert question.answer.endswith("One more line.")


def test_text_stored_with_crlf_before_reads_back_with_no_conflict(tmp_path):
    call_command("seed_bank", stdout=StringIO())
    question = Question.objects.order_by("source_position").first()
    question.answer = question.answer + "\n\nOne more line."
    question.save()  # an edit since the import: a difference would be a conflict
    Question.objects.filter(pk=question.pk).update(answer=question.answer.replace("\n", "\r\n"))
    path = tmp_path / "bank.md"
    path.write_text(_export("markdown"), encoding="utf-8")
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())  # raises on a conflict
    question.refresh_from_db()
    assert question.answer.endswith("\n\nOne more line.")


def test_markdown_export_of_the_seed_reads_like_the_article():
    call_command("loaddata", "seed_article", verbosity=0)
    text = _export("markdown")
    seed_text = SEED_PATH.read_text(encoding="utf-8")
    for line in (
        "### 自拟标题：大模型创业：波折与变化的深度解析",
        "#### 典型问题/面试题库",
        "#### 算法编程题库",
        "**问题4：如何实现一个简单的Transformer模型？**",
        "### 结论",
    ):
        assert line in text
        assert line in seed_text
    assert "**编者按：**" in text  # the editor's note travels with the question


def test_a_filtered_markdown_export_keeps_true_positions(tmp_path):
    call_command("loaddata", "seed_article", verbosity=0)
    path = tmp_path / "coding.md"
    path.write_text(_export("markdown", category=["coding"]), encoding="utf-8")
    out = StringIO()
    call_command("import_article", str(path), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 2 unchanged" in out.getvalue()
    assert Question.objects.count() == 5


def test_markdown_export_to_a_directory_writes_one_file_per_article(tmp_path):
    _rich_bank()
    call_command("export_bank", f"{tmp_path}/", format="markdown", stdout=StringIO(), stderr=StringIO())
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        [f"{slug}.md" for slug in Source.objects.values_list("slug", flat=True)]
        + [f"{markdown_export.STANDALONE_NAME}.md"]
    )


# --- Anki -------------------------------------------------------------------------------


def _anki_rows(text: str):
    body = [line for line in text.split("\n") if not line.startswith("#")]
    return list(csv.reader(io.StringIO("\n".join(body)), delimiter="\t"))


def test_anki_export_has_headers_and_four_columns_per_note():
    _rich_bank()
    text = _export("anki")
    assert text.startswith("#separator:tab\n#html:true\n#notetype:Basic\n#tags column:3\n#guid column:4\n")
    rows = [row for row in _anki_rows(text) if row]
    assert len(rows) == Question.objects.count() == 8
    assert all(len(row) == 4 for row in rows)
    # One note per line: no field holds a raw newline or tab.
    note_lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    assert len(note_lines) == 8
    for row in rows:
        for field in row:
            assert "\n" not in field
            assert "\t" not in field


def test_anki_back_keeps_code_lines_tabs_and_highlighting():
    _rich_bank()
    rows = {row[3]: row for row in _anki_rows(_export("anki")) if row}
    question = Question.objects.get(title="Implement top-k search")
    front, back, tags, _guid = rows[f"qbank:{question.slug}"]
    assert front == "<p><b>Implement top-k search</b></p>"
    # Markdown expands the tab that indents print(); the line break survives as <br>.
    assert ':</span><br>    <span style="color: #008000">print</span>' in back
    assert "\x0b" not in back
    assert 'style="color: #008000; font-weight: bold"' in back  # `if`, highlighted without our CSS
    assert 'class="k"' not in back
    assert tags.split() == ["qbank::coding", "difficulty::hard"]


def test_anki_back_has_answer_explanation_and_note_and_tags():
    _rich_bank()
    rows = {row[3]: row for row in _anki_rows(_export("anki")) if row}
    question = Question.objects.get(title="What is an embedding?")
    front, back, tags, _guid = rows[f"qbank:{question.slug}"]
    assert "<strong>words</strong>" in front
    assert back.index("A vector.") < back.index("Explanation") < back.index("Editor's note")
    assert tags.split() == ["qbank::concept", "difficulty::easy", "embeddings", "检索"]


def test_one_line_replaces_newlines_outside_and_inside_pre():
    html = "<p>a\nb</p>\n<pre><code>x\n\ty</code></pre>\n<p>c</p>"
    assert anki.one_line(html) == "<p>a b</p> <pre><code>x<br>&#9;y</code></pre> <p>c</p>"


# --- Moodle ------------------------------------------------------------------------------


def test_moodle_export_parses_and_has_categories_and_essay_questions():
    _rich_bank()
    root = ET.fromstring(_export("moodle").encode())
    assert root.tag == "quiz"
    categories = [q.find("category/text").text for q in root.findall("question[@type='category']")]
    assert categories == [
        f"$course$/top/qbank/{name}" for name in ("Concept", "Challenges", "Evaluation", "Coding")
    ]
    essays = root.findall("question[@type='essay']")
    assert len(essays) == 8
    for essay in essays:
        for tag in ("name/text", "questiontext/text", "generalfeedback/text", "graderinfo/text"):
            assert essay.find(tag) is not None, tag
        assert essay.find("questiontext").get("format") == "html"
        assert essay.find("responseformat").text == "editor"


def test_moodle_essay_carries_answer_explanation_and_survives_awkward_text():
    _rich_bank()
    root = ET.fromstring(_export("moodle").encode())
    essays = {e.find("name/text").text: e for e in root.findall("question[@type='essay']")}
    tricky = essays["Implement top-k search"]
    grader = tricky.find("graderinfo/text").text
    assert "]]&gt;" in grader  # the sanitizer escaped it; XML carries it intact
    assert "\x0b" not in grader
    embedding = essays["What is an embedding?"]
    feedback = embedding.find("generalfeedback/text").text
    assert "<p>A vector.</p>" in feedback
    assert "Similar things are close." in feedback
    assert "word2vec" in embedding.find("graderinfo/text").text
    assert [t.text for t in embedding.findall("tags/tag/text")] == ["easy", "embeddings", "检索"]


def test_moodle_category_names_with_a_slash_are_escaped():
    assert moodle.category_path(category("concept")).endswith("/Concept")
    custom = category("concept")
    custom.name = "A/B"
    assert moodle.category_path(custom) == "$course$/top/qbank/A//B"


# --- export_bank -------------------------------------------------------------------------


def test_export_bank_writes_files_and_filters_by_status(tmp_path):
    _rich_bank()
    DraftFactory(title="Hidden draft")
    out = tmp_path / "deck.txt"
    call_command(
        "export_bank", str(out), format="anki", status="published", stdout=StringIO(), stderr=StringIO()
    )
    text = out.read_text(encoding="utf-8")
    assert "Hidden draft" not in text
    assert len(_anki_rows(text)) == 8


def test_export_bank_refuses_an_unknown_category(tmp_path):
    with pytest.raises(CommandError, match="unknown astrology"):
        _export("json", category=["astrology"])


def test_exports_run_a_constant_number_of_queries(django_assert_max_num_queries):
    _rich_bank()
    questions = Question.objects.for_export()
    for write in (anki.write_anki, moodle.write_moodle, markdown_export.write_markdown):
        with django_assert_max_num_queries(3):
            write(questions.all(), StringIO())


def test_markdown_is_written_question_by_question_with_one_final_newline():
    # Questions without a source are one article: it is never whole in memory.
    for number in range(3):
        QuestionFactory(title=f"Standalone {number}", answer="An answer.\n\n\n")
    pieces = list(markdown_export.markdown_pieces(Question.objects.for_export().iterator(chunk_size=2)))
    holding = [index for index, piece in enumerate(pieces) for n in range(3) if f"Standalone {n}" in piece]
    assert len(set(holding)) == 3
    text = "".join(pieces)
    assert text == markdown_export.articles(Question.objects.for_export())[0][1]
    assert text.endswith("Why the answer holds.\n")
