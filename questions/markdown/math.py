"""`$…$` and `$$…$$` → MathML, on the server: pages need no script, and the
Content-Security-Policy stays as it is.

latex2mathml converts the TeX. The delimiters follow Pandoc's rule, so that
prose about money is left alone ("$5 and $10", "US$100"): an opening `$` is
not followed by whitespace, a closing `$` is not preceded by whitespace nor
followed by a digit. `\\$` is a literal dollar, and nothing inside code spans
or code blocks is touched (code spans are stashed before this pattern runs;
code blocks are never searched by inline patterns).

Each formula is a `<math>` whose TeX is kept twice, for readers who cannot
see it: as `alttext` and as a TeX `<annotation>` (which the exports turn back
into `\\(…\\)`, `\\[…\\]` or `$$…$$`, `questions/exchange/formulas.py`).
TeX that latex2mathml refuses, or that it would quietly turn into something
else (an unknown command, a missing argument, an unbalanced brace), is shown
as written in `<code class="math-error">`, which the site's CSS labels in the
reader's language (the stored HTML is shared by both languages).

Bounded: a formula longer than `MAX_FORMULA_CHARS`, or past the
`MAX_FORMULAS`th of a document, is not converted (`math-error math-limit`).
The render's time budget still covers everything.
"""

import html
import re
import xml.etree.ElementTree as ET

from latex2mathml.converter import convert_to_element
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

MAX_FORMULA_CHARS = 2000
MAX_FORMULAS = 200
TEX_ENCODING = "application/x-tex"
# After code spans (`backtick`, 190), before backslash escapes (`escape`,
# 180), which would otherwise eat TeX's `\{`, `\_` or `\\`.
PRIORITY = 185

# Content may hold escaped characters (`\$` too) but no bare `$`, and never
# a placeholder of something stashed before (a code span: \x02…\x03).
_CONTENT = r"(?:\\[^\x02\x03]|[^\\$\x02\x03])"
MATH_PATTERN = (
    r"(?<![\\$])"  # not an escaped `\$`, not the second of `$$`
    r"(?:"
    rf"\$\$(?P<display>{_CONTENT}+?)\$\$"
    r"|"
    rf"\$(?P<inline>(?=\S){_CONTENT}+?(?<=\S))\$(?![\d$])"
    r")"
)

# Elements whose children are their arguments, and how many they need:
# latex2mathml leaves `\frac{a}` with one rather than refusing it.
_ARITY = {
    "mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2,
    "msubsup": 3, "munderover": 3,
}  # fmt: skip
_TOKEN_TAGS = {"mi", "mo", "mn", "mtext"}


class FormulaError(ValueError):
    pass


def _check(element: ET.Element) -> None:
    """Raise `FormulaError` for what latex2mathml let through but TeX would
    refuse: an unknown command (kept as its name), a missing argument, an
    unbalanced brace."""
    for node in element.iter():
        if node.text and "&" in node.text:
            # latex2mathml keeps characters as references in the text
            # (`&#x0002B;`) and unescapes its own serialization: do the same.
            node.text = html.unescape(node.text)
        tag = node.tag
        if tag in _TOKEN_TAGS and tag != "mtext":
            text = node.text or ""
            if (text.startswith("\\") and len(text) > 1) or (tag == "mi" and text in {"{", "}"}):
                raise FormulaError(text)
        elif len(node) < _ARITY.get(tag, 0):
            raise FormulaError(tag)


_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def _braces_balanced(tex: str) -> bool:
    depth = 0
    for token in _BRACE_OR_ESCAPE.findall(tex):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def formula_html(tex: str, *, display: bool) -> str:
    """One formula as MathML, with its TeX as `alttext` and as an annotation.
    Raises `FormulaError` for TeX that is not valid."""
    if not _braces_balanced(tex):
        raise FormulaError("unbalanced braces")
    try:
        root = convert_to_element(tex, display="block" if display else "inline")
    except RecursionError as error:
        raise FormulaError("nested too deeply") from error
    except Exception as error:  # latex2mathml's errors share no base class
        raise FormulaError(str(error)) from error
    _check(root)
    children = list(root)
    if len(children) == 1:
        body = children[0]
    else:
        body = ET.Element("mrow")
        body.extend(children)
    math = ET.Element("math", {"display": "block" if display else "inline", "alttext": tex})
    if display:
        # Focusable, so a keyboard can scroll a formula wider than the page
        # (a phone's), as it can a code block.
        math.set("tabindex", "0")
    semantics = ET.SubElement(math, "semantics")
    semantics.append(body)
    annotation = ET.SubElement(semantics, "annotation", {"encoding": TEX_ENCODING})
    annotation.text = tex
    return ET.tostring(math, encoding="unicode", short_empty_elements=False)


def _error_html(source: str, *, limit: bool = False) -> str:
    css_class = "math-error math-limit" if limit else "math-error"
    return f'<code class="{css_class}">{html.escape(source, quote=False)}</code>'


class MathInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, extension: "MathExtension"):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m, data):  # type: ignore[override]
        display = m.group("display") is not None
        tex = (m.group("display") if display else m.group("inline")).strip()
        source = m.group(0)
        self.extension.count += 1
        if not tex:
            return None, None, None
        if len(tex) > MAX_FORMULA_CHARS or self.extension.count > MAX_FORMULAS:
            rendered = _error_html(source, limit=True)
        else:
            try:
                rendered = formula_html(tex, display=display)
            except FormulaError:
                rendered = _error_html(source)
        return self.md.htmlStash.store(rendered), m.start(0), m.end(0)


class MathExtension(Extension):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.count = 0

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)  # so that md.reset() resets the count
        # Python-Markdown counts <math> as a block and would take a formula
        # alone in its paragraph out of the <p>; it is phrasing content.
        if "math" in md.block_level_elements:
            md.block_level_elements.remove("math")
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")
        md.inlinePatterns.register(MathInlineProcessor(MATH_PATTERN, md, self), "math", PRIORITY)

    def reset(self) -> None:
        self.count = 0


def makeExtension(**kwargs) -> MathExtension:
    return MathExtension(**kwargs)


_LENGTH = re.compile(r"^-?(?:\d{1,4}(?:\.\d*)?|\.\d+)(?P<unit>em|ex|pt|px|mu|%)?$")
# Spacing attributes with larger values could cover the page (`\hspace{-500em}`).
_MAX_LENGTH = {"em": 20, "ex": 40, "mu": 360, "pt": 200, "px": 300, "%": 100, None: 20}

SPACING_ATTRIBUTES = frozenset(
    {"width", "height", "depth", "lspace", "rspace", "voffset", "minsize", "maxsize"}
)


def length_allowed(value: str, limits: dict = _MAX_LENGTH) -> bool:
    """A MathML length small enough not to push text over the page."""
    match = _LENGTH.match(value.strip())
    if not match or match.group("unit") not in limits:
        return False
    number = float(value.strip().removesuffix(match.group("unit") or ""))
    return abs(number) <= limits[match.group("unit")]


# A formula's text at most three times the page's, its fraction bars thin:
# `mathsize="100em"` or `linethickness="5000px"` would cover the page.
_MAX_TEXT_SIZE = {"em": 3, "ex": 6, "pt": 36, "px": 48, "%": 300}
_MAX_LINE_THICKNESS = {"em": 0.5, "ex": 1, "pt": 6, "px": 8, "%": 500, None: 5}
_NAMED_SIZES = frozenset({"small", "normal", "big", "thin", "medium", "thick"})
# Relative or absolute, never larger than the formula's own text (a negative
# level enlarges it: `scriptlevel="-30"`).
_SCRIPT_LEVEL = re.compile(r"^\+?[0-2]$")


def _lengths_allowed(value: str) -> bool:
    """A space-separated list of lengths (a table's row or column spacing)."""
    items = value.split()
    return 0 < len(items) <= 100 and all(length_allowed(item) for item in items)


# What latex2mathml writes, and nothing that links, styles or colours:
# no `href`, `class`, `style`, `mathcolor` or `mathbackground` (a colour
# set in TeX would vanish in the other colour scheme).
MATH_TAGS = {
    "math", "semantics", "annotation", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded",
    "mphantom", "mroot", "mrow", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable",
    "mtd", "mtext", "mtr", "munder", "munderover",
}  # fmt: skip
MATH_ATTRIBUTES = {
    "math": {"display", "alttext", "tabindex"},
    "annotation": {"encoding"},
    "menclose": {"notation"},
    "mfrac": {"linethickness"},
    "mi": {"mathvariant"},
    "mo": {
        "accent", "fence", "form", "lspace", "mathvariant", "maxsize", "minsize", "movablelimits",
        "rspace", "separator", "stretchy",
    },
    "mover": {"accent"},
    "mpadded": {"depth", "height", "lspace", "voffset", "width"},
    "mrow": {"movablelimits"},
    "mspace": {"depth", "height", "linebreak", "width"},
    "mstyle": {"displaystyle", "mathsize", "scriptlevel"},
    "mtable": {"columnlines", "columnspacing", "displaystyle", "rowlines", "rowspacing"},
    "mtd": {"columnalign"},
    "mtext": {"mathvariant"},
}  # fmt: skip


def math_attribute_allowed(tag: str, attribute: str, value: str) -> bool:
    if tag == "annotation" and attribute == "encoding":
        return value == TEX_ENCODING
    if attribute == "tabindex":
        return value == "0"  # in the tab order, never ahead of the page's own controls
    if attribute in SPACING_ATTRIBUTES and tag in MATH_TAGS:
        return length_allowed(value)
    if attribute == "mathsize":
        return value.strip() in _NAMED_SIZES or length_allowed(value, _MAX_TEXT_SIZE)
    if attribute == "linethickness":
        return value.strip() in _NAMED_SIZES or length_allowed(value, _MAX_LINE_THICKNESS)
    if attribute in ("rowspacing", "columnspacing"):
        return _lengths_allowed(value)
    if attribute == "linebreak":
        return value in ("auto", "newline", "nobreak", "goodbreak", "badbreak")
    if attribute == "scriptlevel":
        return bool(_SCRIPT_LEVEL.match(value.strip()))
    return True
