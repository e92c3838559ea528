"""Field HTML (pasted from web pages into Anki or Moodle) → Markdown.

markdownify keeps the structure (headings, lists, tables, links, images,
`<pre>` as fenced code, `<br>` as line breaks) and drops every attribute it
does not need, so inline styles, classes and fonts do not survive; scripts
and styles are dropped with their content. Text that looks like HTML
(`&lt;div&gt;` in a question about HTML) is escaped so that it stays text
rather than becoming markup the sanitizer would strip. The Markdown is
rendered by the sanitizing renderer like any other.

Formulas written for MathJax, as Anki and Moodle show them (`\\(…\\)`,
`\\[…\\]`, `$$…$$`; qbank's own exports write these), become the site's
`$…$` and `$$…$$`, their TeX untouched by Markdown's escapes.
"""

import html
import re

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_SPACES = re.compile(r"\s+")
# TeX between MathJax's delimiters, without markup inside (a formula broken
# by tags is left as text), of a formula's length at most.
_MATHJAX = re.compile(
    r"\\\((?P<inline>[^<]{1,2000}?)\\\)|\\\[(?P<display>[^<]{1,2000}?)\\\]|\$\$(?P<dollars>[^<$]{1,2000}?)\$\$"
)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# Code is code: `re.compile(r"\(x\)")` in a <pre> or <code> is no formula.
_CODE = re.compile(r"(<(pre|code)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)


# An underscore inside a word (`x_1`, `snake_case`) is never emphasis to
# Python-Markdown: its escape would only clutter the text editors edit.
_INTRAWORD_UNDERSCORE = re.compile(r"(?<=\w)\\_(?=\w)")


class _Converter(MarkdownConverter):
    def escape(self, text, parent_tags):
        text = _INTRAWORD_UNDERSCORE.sub("_", super().escape(text, parent_tags))
        return text.replace("<", "&lt;")

    def convert_script(self, el, text, parent_tags):
        return ""

    def convert_style(self, el, text, parent_tags):
        return ""


_CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    strong_em_symbol="*",
    newline_style="BACKSLASH",
    code_language_callback=lambda el: _code_language(el),
)


def _code_language(element) -> str:
    """`<pre class="language-python">` / `<code class="lang-js">` → the fence's language."""
    for candidate in (element, element.find("code")):
        if candidate is None:
            continue
        for name in candidate.get("class") or []:
            if name.startswith(("language-", "lang-")):
                return name.split("-", 1)[1]
        if candidate.get("data-lang"):
            return candidate["data-lang"]
    return ""


def _set_formulas_aside(fragment: str) -> tuple[str, list[str]]:
    """`fragment` with each MathJax formula replaced by a placeholder that
    Markdown's escapes leave alone, and the formulas as the site writes them."""
    formulas: list[str] = []

    def aside(match: re.Match) -> str:
        tex = html.unescape(match["inline"] or match["display"] or match["dollars"]).strip()
        if not tex:
            return match[0]
        formulas.append(f"${tex}$" if match["inline"] else f"$${tex}$$")
        return f"\ue000{len(formulas) - 1}\ue001"

    parts = _CODE.split(fragment)
    # split() gives text, code, the code's tag name, text, …: formulas only in the text.
    text = "".join(
        _MATHJAX.sub(aside, part) if index % 3 == 0 else part
        for index, part in enumerate(parts)
        if index % 3 != 2
    )
    return text, formulas


def html_to_markdown(fragment: str) -> str:
    if not fragment or not fragment.strip():
        return ""
    fragment, formulas = _set_formulas_aside(fragment)
    if "<" not in fragment and "&" not in fragment:
        # Text without markup (most spreadsheet-like decks): only escaped, not
        # parsed, which is most of a conversion's time.
        text = _SPACES.sub(" ", _CONVERTER.escape(fragment, set())).strip()
    else:
        # `&nbsp;` (pasted everywhere) is a space once decoded, code included.
        text = _CONVERTER.convert(fragment).replace("\xa0", " ")
        text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip()
    if formulas:
        text = _PLACEHOLDER.sub(
            lambda match: formulas[int(match[1])] if int(match[1]) < len(formulas) else match[0], text
        )
    return text


def html_to_lines(fragment: str) -> str:
    """Field HTML → its lines of text (key points: one point a line, as the
    key-point parser reads them, with no Markdown escapes in the way)."""
    if not fragment or not fragment.strip():
        return ""
    soup = BeautifulSoup(fragment.replace("\xa0", " "), "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    lines = soup.get_text("\n").splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def plain_text_to_markdown(text: str) -> str:
    """A spreadsheet cell or Moodle's plain text: kept as Markdown as is."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
