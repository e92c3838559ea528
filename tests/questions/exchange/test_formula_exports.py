"""Formulas in every export: the TeX each program renders, never MathML."""

import io
import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import pytest

from questions.exchange import anki, apkg, bank_json, markdown_export, moodle
from questions.exchange.formulas import formulas_for_anki, formulas_for_moodle
from questions.markdown import render_markdown
from questions.models import Question
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

INLINE = "QK^T < d"
DISPLAY = "\\frac{1}{n}\\sum_i x_i"
BODY = f"Why is ${INLINE}$ scaled?"
ANSWER = f"Because\n\n$${DISPLAY}$$\n\ncosts $5 and $10."


def _question():
    QuestionFactory(title="Scaling", body=BODY, answer=ANSWER, explanation=f"See ${INLINE}$.")
    return Question.objects.for_export()


def test_anki_text_export_turns_formulas_into_mathjax_delimiters():
    (question,) = _question()
    front, back = anki.front(question), anki.back(question)
    assert "<math" not in front + back
    assert "\\(QK^T &lt; d\\)" in front
    assert f"\\[{DISPLAY}\\]" in back
    assert "costs $5 and $10." in back


def test_apkg_fields_carry_formulas_as_mathjax_delimiters():
    out = io.BytesIO()
    apkg.write_apkg(_question(), out)
    with zipfile.ZipFile(out) as package:
        database = sqlite3.connect(":memory:")
        database.deserialize(package.read("collection.anki2"))
    (fields,) = database.execute("SELECT flds FROM notes").fetchone()
    assert "<math" not in fields
    assert "\\(QK^T &lt; d\\)" in fields
    assert f"\\[{DISPLAY}\\]" in fields


def test_moodle_export_uses_double_dollars_for_display_and_parentheses_inline():
    root = moodle.build_quiz(_question())
    essay = root.find("question[@type='essay']")
    text = "".join(
        essay.find(f"{field}/text").text for field in ("questiontext", "generalfeedback", "graderinfo")
    )
    assert "<math" not in text
    assert "\\(QK^T &lt; d\\)" in text
    assert f"$${DISPLAY}$$" in text
    ET.fromstring(ET.tostring(root))  # still well-formed XML


def test_markdown_and_json_exports_keep_the_source():
    questions = list(_question())
    ((_name, article),) = markdown_export.articles(questions)
    assert BODY in article
    assert f"$${DISPLAY}$$" in article
    out = io.StringIO()
    bank_json.dump_bank(Question.objects.all(), out, complete=False)
    (record,) = json.loads(out.getvalue())["questions"]
    assert record["body"] == BODY
    assert record["answer"] == ANSWER


def test_fragments_without_formulas_are_left_as_they_are():
    html = render_markdown("No **math** here, $5.")
    assert formulas_for_anki(html) == formulas_for_moodle(html) == html
