"""Questions → Moodle XML: each category a Moodle question category, each
question an `essay` question.

Students see the question (title and prompt); once they have answered, the
general feedback shows the answer and explanation. Graders also get the
answer (and the editor's note) as grader information. Texts are the stored,
sanitized HTML, escaped by ElementTree; characters XML 1.0 forbids are
dropped.
"""

import html
import re
import xml.etree.ElementTree as ET
from itertools import groupby

from django.utils.translation import gettext as _

from .formulas import formulas_for_moodle
from .key_points_html import key_points_html

TOP_CATEGORY = "$course$/top/qbank"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text)


def _text(parent, tag: str, text: str, *, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    # Formulas as the TeX that Moodle's MathJax filter renders.
    ET.SubElement(element, "text").text = _clean(formulas_for_moodle(text) if html else text)
    return element


def _value(parent, tag: str, value) -> None:
    ET.SubElement(parent, tag).text = str(value)


def category_path(category) -> str:
    # Moodle separates path parts with "/" and reads "//" as a literal slash.
    return f"{TOP_CATEGORY}/{category.label.replace('/', '//')}"


def _section(label: str, fragment: str) -> str:
    return f"<h4>{_clean(label)}</h4>{fragment}" if fragment else ""


def build_quiz(questions, *, progress=None) -> ET.Element:
    quiz = ET.Element("quiz")
    ordered = sorted(questions, key=lambda q: (q.category.ordering, q.category.slug))
    for category, group in groupby(ordered, key=lambda q: q.category):
        entry = ET.SubElement(quiz, "question", {"type": "category"})
        _text(entry, "category", category_path(category))
        info = f"<p>{html.escape(category.summary, quote=False)}</p>" if category.summary else ""
        _text(entry, "info", info, html=True)
        for question in group:
            _essay(quiz, question)
            if progress:
                progress.advance()
    return quiz


def _essay(quiz, question) -> None:
    element = ET.SubElement(quiz, "question", {"type": "essay"})
    _text(element, "name", question.title)
    # Read back by import_bank (exchange/foreign/moodle_read.py): the same question again.
    _value(element, "idnumber", f"qbank:{question.slug}")
    _text(
        element,
        "questiontext",
        f"<p>{html.escape(question.title, quote=False)}</p>{question.body_html}",
        html=True,
    )
    key_points = _section(_("Key points"), key_points_html(question.parsed_key_points()))
    solutions = _section(_("Solutions by language"), question.solutions_html)
    feedback = (
        _section(_("Answer"), question.answer_html)
        + solutions
        + _section(_("Explanation"), question.explanation_html)
        + key_points
    )
    _text(element, "generalfeedback", feedback, html=True)
    _value(element, "defaultgrade", "1.0000000")
    _value(element, "penalty", "0.0000000")
    _value(element, "hidden", 0)
    _value(element, "responseformat", "editor")
    _value(element, "responserequired", 1)
    _value(element, "responsefieldlines", 15)
    _value(element, "attachments", 0)
    _value(element, "attachmentsrequired", 0)
    grader = (
        question.answer_html
        + solutions
        + key_points
        + _section(_("Editor's note"), question.editor_note_html)
    )
    _text(element, "graderinfo", grader, html=True)
    _text(element, "responsetemplate", "", html=True)
    tags = [question.difficulty, *(tag.name for tag in question.tags.all())]
    tags_element = ET.SubElement(element, "tags")
    for tag in tags:
        ET.SubElement(ET.SubElement(tags_element, "tag"), "text").text = _clean(tag)


def write_moodle(questions, stream, *, progress=None) -> int:
    quiz = build_quiz(questions, progress=progress)
    ET.indent(quiz)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(quiz, encoding="unicode"))
    stream.write("\n")
    return sum(1 for element in quiz if element.get("type") == "essay")
