"""Key points in every import and export: the article layout, JSON, Anki, Moodle."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.exchange import anki, markdown_export, moodle
from questions.exchange.parser import ParseError, parse_text
from questions.models import Question
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

POINTS = "! 注意力机制 | self-attention; 自注意力\n位置编码 | positional encoding\n| 位置信息"

ARTICLE = """### Title: Attention

#### Interview Questions

**Question 1: What is attention?**

**Answer:** Tokens weigh each other.

**Key points:**

! Weighs tokens | attention; 注意力
| self-attention
Scaled | scaled dot product
"""


def test_the_article_layout_reads_key_points_after_the_answer():
    (article,) = parse_text(ARTICLE)
    assert (
        article.questions[0].key_points
        == "! Weighs tokens | attention; 注意力\n| self-attention\nScaled | scaled dot product"
    )


def test_a_broken_key_point_in_an_article_names_its_line_in_the_file():
    text = ARTICLE.replace("| self-attention", "| a | b")
    with pytest.raises(ParseError) as raised:
        parse_text(text)
    assert raised.value.line == 12
    assert "one “|” a line" in str(raised.value)


def test_the_markdown_export_writes_key_points_that_import_back():
    question = QuestionFactory(key_points=POINTS)
    ((_name, text),) = markdown_export.articles(Question.objects.filter(pk=question.pk).for_export())
    assert "**Key points:**" in text or "**要点：**" in text
    (article,) = parse_text(text)
    assert article.questions[0].key_points == POINTS


def test_an_article_import_fills_missing_key_points_and_keeps_the_webs(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    question = Question.objects.get()
    assert len(question.parsed_key_points()) == 2
    question.key_points = "! An editor's own point"
    question.save()
    call_command("import_article", str(path), on_conflict="keep", stdout=StringIO(), stderr=StringIO())
    question.refresh_from_db()
    assert question.key_points == "! An editor's own point"


def test_json_round_trips_key_points_and_refuses_broken_ones(tmp_path):
    QuestionFactory(slug="with-points", key_points=POINTS)
    out = StringIO()
    call_command("export_bank", "-", format="json", stdout=out, stderr=StringIO())
    document = json.loads(out.getvalue())
    (record,) = document["questions"]
    assert record["key_points"] == POINTS
    Question.objects.filter(slug="with-points").update(key_points="")
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_bank", str(path), stdout=StringIO(), stderr=StringIO())
    assert Question.objects.get(slug="with-points").key_points == POINTS
    record["key_points"] = "| orphan"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="key_points"):
        call_command("import_bank", str(path), stdout=StringIO(), stderr=StringIO())


def test_anki_and_moodle_carry_the_key_points_in_the_back_and_the_feedback():
    question = QuestionFactory(key_points=POINTS + "\nA <b>tagged</b> point")
    questions = Question.objects.filter(pk=question.pk).for_export()
    out = io.StringIO()
    anki.write_anki(questions, out)
    rows = [
        row for row in csv.reader(io.StringIO(out.getvalue()), delimiter="\t") if not row[0].startswith("#")
    ]
    back = rows[0][1]
    assert "Key points" in back
    assert "<b>注意力机制</b> (essential) — self-attention / 自注意力" in back
    assert "&lt;b&gt;tagged&lt;/b&gt;" in back
    out = io.StringIO()
    moodle.write_moodle(questions, out)
    xml = out.getvalue()
    assert xml.count("位置编码") == 2  # the general feedback and the grader's information
