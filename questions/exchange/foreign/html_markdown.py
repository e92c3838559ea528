"""Field HTML (pasted from web pages into Anki or Moodle) → Markdown.

markdownify keeps the structure (headings, lists, tables, links, images,
`<pre>` as fenced code, `<br>` as line breaks) and drops every attribute it
does not need, so inline styles, classes and fonts do not survive; scripts
and styles are dropped with their content. Text that looks like HTML
(`&lt;div&gt;` in a question about HTML) is escaped so that it stays text
rather than becoming markup the sanitizer would strip. The Markdown is
rendered by the sanitizing renderer like any other.
"""

import re

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_SPACES = re.compile(r"\s+")


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


def html_to_markdown(fragment: str) -> str:
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment and "&" not in fragment:
        # Text without markup (most spreadsheet-like decks): only escaped, not
        # parsed, which is most of a conversion's time.
        return _SPACES.sub(" ", _CONVERTER.escape(fragment, set())).strip()
    # `&nbsp;` (pasted everywhere) is a space once decoded, code included.
    text = _CONVERTER.convert(fragment).replace("\xa0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


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
