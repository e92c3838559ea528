"""Moodle XML question banks → `ForeignItem`s.

Parsed by defusedxml: a DTD's entities (billion laughs) and external
entities are refused. Each `<question type="category">` sets the category
path (`$course$/top/A/B` → group "A/B") for the questions after it.

- essay: the answer is the grader information (or the general feedback);
- shortanswer: the accepted answers (and their feedback) as a list;
- truefalse: the true statement (and its feedback);
- multichoice: the choices join the prompt as a list, the right ones (and
  their feedback) make the answer;
- cloze (multianswer): each gap `{1:SHORTANSWER:=Berlin~…}` becomes a blank
  in the prompt, and the answer lists each gap's right answers;
- description: text between questions, with nothing to answer: listed as
  skipped, like every type not listed here.

The general feedback becomes the explanation. Texts in HTML and
`moodle_auto_format` become Markdown (html_markdown.py); images embedded as
`@@PLUGINFILE@@/name` go through the media checks. qbank's own Moodle export
(`idnumber` qbank:<slug>, Answer/Explanation sections) is read back into
the same questions.
"""

import base64
import binascii
import re
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from .archive import ImportLimits
from .html_markdown import html_to_markdown, plain_text_to_markdown
from .items import ForeignBank, ForeignItem
from .key_points_read import key_points_from_html
from .media import MediaStore
from .problems import ImportProblems, problem
from .solutions_read import solutions_from_html
from .texts import tag_name, title_and_body

PLUGINFILE = "@@PLUGINFILE@@/"
QBANK_ID_PREFIX = "qbank:"
QBANK_CATEGORY_PREFIX = "qbank/"
_GAP = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}])*)\}")
_SECTION = re.compile(r"<h4>(.*?)</h4>", re.S)
_ANSWER_LABELS = {"answer", "答案"}
_EXPLANATION_LABELS = {"explanation", "解析"}
_KEY_POINT_LABELS = {"key points", "要点"}
_SOLUTION_LABELS = {"solutions by language", "多语言解法"}


def _text(element: Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "") if found is not None else ""


class _Question:
    """One `<question>` element read, its files in its own media store."""

    def __init__(self, element: Element, location: str, media: MediaStore):
        self.element, self.location, self.media = element, location, media
        self.key_points = ""
        self.solutions = ""

    def markdown(self, tag: str) -> str:
        part = self.element.find(tag)
        if part is None:
            return ""
        return self.markdown_of(part)

    def markdown_of(self, part: Element) -> str:
        text = _text(part)
        text_format = part.get("format", "html")
        if text_format in ("plain_text", "markdown"):
            return plain_text_to_markdown(text)
        if text_format == "moodle_auto_format":
            text = text.replace("\n", "<br>")
        return html_to_markdown(self.media.rewrite_images(text.replace(PLUGINFILE, ""), self.location))

    def answers(self):
        """(fraction, Markdown, feedback Markdown) of each `<answer>`."""
        for answer in self.element.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                fraction = 0.0
            feedback = answer.find("feedback")
            yield (
                fraction,
                self.markdown_of(answer),
                self.markdown_of(feedback) if feedback is not None else "",
            )


def _files(element: Element, location: str, limits: ImportLimits, budget: list[int]) -> MediaStore:
    files = {}
    for file in element.iter("file"):
        name = unquote(file.get("name", ""))
        encoded = (file.text or "").strip()
        if len(encoded) > limits.member_bytes * 4 // 3 + 4:
            raise problem(
                f"{location}: {name}", _("larger than %(size)s bytes") % {"size": limits.member_bytes}
            )
        try:
            data = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError):
            raise problem(f"{location}: {name}", _("not base64")) from None
        files[name] = lambda limit, data=data: data
    budget[0] -= len(files)
    if budget[0] < 0:
        raise problem("", _("more than %(count)s media files") % {"count": limits.media})
    return MediaStore(files, max_files=limits.media)


def read_moodle(data: bytes, name: str, limits: ImportLimits, mapping: dict | None = None):
    try:
        quiz = fromstring(data)
    except DefusedXmlException as error:
        raise problem("", _("refused XML (%(error)s)") % {"error": type(error).__name__}) from None
    except ParseError as error:
        line = error.position[0] if error.position else 1
        raise problem(f"line {line}", _("not well-formed XML")) from None
    if quiz.tag != "quiz":
        raise problem("", _("not a Moodle XML file (no <quiz>)"))
    bank = ForeignBank(format="moodle", name=name)
    store = MediaStore({}, max_files=limits.media)
    group, budget, problems = "", [limits.media], []
    questions = quiz.findall("question")
    if len(questions) > limits.items:
        raise problem("", _("more than %(count)s questions") % {"count": limits.items})
    for number, element in enumerate(questions, start=1):
        location = f"question {number}"
        kind = element.get("type", "")
        if kind == "category":
            group = _category_path(_text(element.find("category")))
            continue
        try:
            media = _files(element, location, limits, budget)
            item = _item(_Question(element, location, media), kind, group, bank)
        except ImportProblems as error:
            problems += error.problems
            continue
        store.pending.update(media.pending)
        if item is not None:
            bank.add(item)
    if problems:
        raise ImportProblems(problems)
    return bank, store


def _category_path(path: str) -> str:
    path = re.sub(r"^\$(course|system|module|coursecategory)\$/", "", path.strip())
    path = re.sub(r"^top(/|$)", "", path)
    return path.replace("//", "\x00").replace("\x00", "/")


def _item(question: _Question, kind: str, group: str, bank: ForeignBank) -> ForeignItem | None:
    location = question.location
    reader = _READERS.get(kind)
    if reader is None:
        reason = (
            _("a description, with nothing to answer: not imported")
            if kind == "description"
            else _("the question type “%(type)s” is not imported") % {"type": kind}
        )
        bank.skipped.append((location, reason))
        return None
    prompt, answer, explanation = reader(question)
    if not answer.strip():
        bank.skipped.append((location, _("no answer: not imported")))
        return None
    title = plain_text_to_markdown(_text(question.element.find("name")))
    if prompt.startswith(title) and (len(prompt) == len(title) or prompt[len(title)] == "\n"):
        prompt = prompt[len(title) :].strip()
    title, body = title_and_body(prompt, title)
    idnumber = (question.element.findtext("idnumber") or "").strip()
    item = ForeignItem(
        external_id=idnumber or f"{group}/{title}", location=location, title=title, body=body,
        answer=answer, explanation=explanation, group=group, key_points=question.key_points,
        solutions=question.solutions,
    )  # fmt: skip
    if idnumber.startswith(QBANK_ID_PREFIX):
        item.slug = idnumber.removeprefix(QBANK_ID_PREFIX)
    if group.startswith(QBANK_CATEGORY_PREFIX):
        item.category = group.removeprefix(QBANK_CATEGORY_PREFIX)
    for tag in question.element.iterfind("tags/tag"):
        value = tag_name(_text(tag))
        if value in ("easy", "medium", "hard") and not item.difficulty:
            item.difficulty = value
        elif value:
            item.tags.append(value)
    return item


def _essay(question: _Question) -> tuple[str, str, str]:
    prompt = question.markdown("questiontext")
    feedback = question.element.find("generalfeedback")
    sections = _sections(_text(feedback)) if feedback is not None else {}
    if sections:  # qbank's own export: "Answer", "Explanation", "Key points" sections
        question.key_points = key_points_from_html(sections.get("key_points", ""))
        question.solutions = solutions_from_html(sections.get("solutions", ""))
        answer = html_to_markdown(sections.get("answer", ""))
        return prompt, answer, html_to_markdown(sections.get("explanation", ""))
    grader = question.markdown("graderinfo")
    general = question.markdown("generalfeedback")
    return (prompt, grader, general) if grader else (prompt, general, "")


def _sections(html: str) -> dict[str, str]:
    parts = _SECTION.split(html)
    sections = {}
    for label, content in zip(parts[1::2], parts[2::2], strict=False):
        key = label.strip().casefold()
        if key in _ANSWER_LABELS:
            sections["answer"] = content
        elif key in _EXPLANATION_LABELS:
            sections["explanation"] = content
        elif key in _KEY_POINT_LABELS:
            sections["key_points"] = content
        elif key in _SOLUTION_LABELS:
            sections["solutions"] = content
    return sections if "answer" in sections else {}


def _with_feedback(text: str, feedback: str) -> str:
    return f"{text} — {feedback}" if feedback else text


def _short_answer(question: _Question) -> tuple[str, str, str]:
    right = [
        _with_feedback(text, feedback) for fraction, text, feedback in question.answers() if fraction > 0
    ]
    return (
        question.markdown("questiontext"),
        "\n".join(f"- {line}" for line in right),
        question.markdown("generalfeedback"),
    )


def _true_false(question: _Question) -> tuple[str, str, str]:
    right = [
        _with_feedback(text, feedback) for fraction, text, feedback in question.answers() if fraction >= 100
    ]
    return question.markdown("questiontext"), "\n\n".join(right), question.markdown("generalfeedback")


def _multichoice(question: _Question) -> tuple[str, str, str]:
    choices = list(question.answers())
    letters = [chr(ord("A") + index) if index < 26 else str(index + 1) for index in range(len(choices))]
    listing = "\n".join(
        f"- {letter}. {text}" for letter, (_f, text, _fb) in zip(letters, choices, strict=True)
    )
    right = [
        f"- {letter}. {_with_feedback(text, feedback)}"
        for letter, (fraction, text, feedback) in zip(letters, choices, strict=True)
        if fraction > 0
    ]
    prompt = "\n\n".join(part for part in (question.markdown("questiontext"), listing) if part)
    return prompt, "\n".join(right), question.markdown("generalfeedback")


def _cloze(question: _Question) -> tuple[str, str, str]:
    """The gaps are cut from the question's own text, before it becomes
    Markdown (which would escape their syntax)."""
    part = question.element.find("questiontext")
    gaps = []

    def blank(match) -> str:
        right = []
        for choice in re.split(r"(?<!\\)~", match[3]):
            value = choice.split("#", 1)[0]
            if value.startswith("="):
                right.append(value[1:])
            elif value.startswith("%100%"):
                right.append(value[5:])
        gaps.append(" / ".join(html_to_markdown(value.replace("\\", "")) for value in right) or "?")
        return f"[{len(gaps)}]"

    if part is None:
        return "", "", ""
    text = part.find("text")
    if text is not None:
        text.text = _GAP.sub(blank, text.text or "")
    answer = "\n".join(f"{number}. {value}" for number, value in enumerate(gaps, start=1))
    return question.markdown_of(part), answer, question.markdown("generalfeedback")


_READERS = {
    "essay": _essay,
    "shortanswer": _short_answer,
    "truefalse": _true_false,
    "multichoice": _multichoice,
    "cloze": _cloze,
    "multianswer": _cloze,
}
