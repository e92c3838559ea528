"""Questions → a tab-separated file Anki imports as Basic notes.

Columns: front (the question), back (answer, explanation and editor's note
as HTML), tags (category, difficulty and the question's tags), and a guid
so that importing a newer export updates the notes instead of duplicating
them. Header lines tell Anki all of this, so the import needs no settings.

Fields hold the stored, sanitized HTML. Anki has none of our stylesheets, so
Pygments' token classes become inline styles, and formulas the TeX Anki's
MathJax renders (`\\(…\\)`, `\\[…\\]`). Every field stays on one line:
newlines become <br> inside code blocks (where they matter) and spaces
elsewhere, tabs become `&#9;`; the csv module quotes fields holding quotes.
"""

import csv
import html
import io
import re

from django.utils.translation import gettext as _
from pygments.formatters import HtmlFormatter

from .formulas import formulas_for_anki
from .key_points_html import key_points_html

HEADER = (
    "#separator:tab\n"
    "#html:true\n"
    "#notetype:Basic\n"
    "#tags column:3\n"
    "#guid column:4\n"
)  # fmt: skip

_TOKEN_STYLES = {
    token_class: style
    for token_class, (style, _ttype, _level) in HtmlFormatter(style="default").class2style.items()
}
_CODE_BLOCK_STYLE = "background:#f6f8fa;color:#1d1f23;padding:.6em .8em;border-radius:6px;overflow-x:auto"
_TOKEN_SPAN = re.compile(r'<span class="([\w-]+)">')
_CODE_WRAPPER = re.compile(r'<div class="highlight"(?: data-lang="[^"]*")?>')
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
# Control characters mean nothing in HTML and upset some importers.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def inline_code_styles(fragment: str) -> str:
    """Pygments' classes → inline styles, so highlighting survives outside qbank."""
    fragment = _CODE_WRAPPER.sub(f'<div style="{_CODE_BLOCK_STYLE}">', fragment)

    def style(match):
        css = _TOKEN_STYLES.get(match[1])
        return f'<span style="{css}">' if css else "<span>"

    return _TOKEN_SPAN.sub(style, fragment)


def one_line(fragment: str) -> str:
    """HTML that means the same with no newline or tab in it."""
    fragment = _CONTROL.sub("", fragment.replace("\r\n", "\n").replace("\r", "\n"))
    parts = _PRE.split(fragment)
    for index, part in enumerate(parts):
        if index % 2:  # inside <pre>: line breaks and tabs are content
            parts[index] = part.replace("\t", "&#9;").replace("\n", "<br>")
        else:
            parts[index] = part.replace("\t", " ").replace("\n", " ")
    return "".join(parts).strip()


def front(question) -> str:
    title = html.escape(question.title, quote=False)
    return one_line(f"<p><b>{title}</b></p>{inline_code_styles(formulas_for_anki(question.body_html))}")


def back(question) -> str:
    parts = [question.answer_html]
    for label, fragment in (
        (_("Solutions by language"), question.solutions_html),
        (_("Explanation"), question.explanation_html),
        (_("Key points"), key_points_html(question.parsed_key_points())),
        (_("Editor's note"), question.editor_note_html),
    ):
        if fragment:
            parts.append(f"<hr><p><b>{html.escape(label, quote=False)}</b></p>{fragment}")
    return one_line(inline_code_styles(formulas_for_anki("".join(parts))))


def anki_tags(question) -> str:
    """Anki tags are separated by spaces; `::` makes a hierarchy."""
    tags = [f"qbank::{question.category.slug}", f"difficulty::{question.difficulty}"]
    tags += [re.sub(r"\s+", "_", tag.slug) for tag in question.tags.all()]
    return " ".join(tags)


def anki_pieces(questions, *, progress=None):
    """The file piece by piece (the header, then a line per question), so
    that a download can be streamed while it is written."""
    yield HEADER
    line = io.StringIO()
    writer = csv.writer(line, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    for question in questions:
        writer.writerow([front(question), back(question), anki_tags(question), f"qbank:{question.slug}"])
        yield line.getvalue()
        line.seek(0)
        line.truncate()
        if progress:
            progress.advance()


def write_anki(questions, stream, *, progress=None) -> int:
    lines = 0
    for lines, piece in enumerate(anki_pieces(questions, progress=progress)):  # noqa: B007
        stream.write(piece)
    return lines  # the header is piece 0
