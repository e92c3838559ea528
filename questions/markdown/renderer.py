"""The one Markdown renderer: models, public pages and the admin preview all
reach it through `render_markdown`, so what an editor previews is what a
candidate sees.

Python-Markdown turns the source into HTML (fenced code, tables, Pygments
highlighting), then nh3 removes everything not on an allowlist. Sanitizing
runs on the final HTML, after highlighting, so the allowlist has to keep the
`class` attributes Pygments puts on its token spans.

This module is the pure renderer: it knows nothing of time budgets or
processes. `questions.markdown.render_markdown` runs it in a child process
under a time budget (`budget.py`).

Images load only from this site or the hosts in `MARKDOWN_IMAGE_HOSTS`: an
author's image on a server of their own would tell them who reads what. Any
other `src` is dropped (the alt text stays), and the Content-Security-Policy
blocks what might slip through.
"""

import html
import re
import threading
from functools import partial
from urllib.parse import urlsplit

import markdown
import nh3
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers
from pygments.token import STANDARD_TYPES, Token

from . import diagrams, math

CODE_CSS_CLASS = "highlight"


class LabelledHtmlFormatter(HtmlFormatter):
    """Pygments' HTML formatter, with the fence's language on the wrapper
    (`data-lang`, shown as a label by CSS) and on `<code>` (`language-…`)."""

    def __init__(self, lang_str: str = "", **options):
        super().__init__(**options)
        self.language = lang_str.removeprefix("language-")

    def _create_stylesheet(self):
        # Pygments builds its token → inline-style tables for every formatter,
        # one per code block; they serve `noclasses` and `get_style_defs()`,
        # neither used here (classes only, coloured by static/css), and cost
        # a third of highlighting a block.
        if self.noclasses:
            super()._create_stylesheet()
        else:
            self.ttype2class, self.class2style = {Token: ""}, {}

    def _wrap_div(self, inner):
        lang = html.escape(self.language, quote=True)
        yield 0, f'<div class="{self.cssclass}" data-lang="{lang}">'
        yield from inner
        yield 0, "</div>\n"

    def _wrap_pre(self, inner):
        # Focusable, so a keyboard can scroll a code block wider than the page.
        yield 0, '<pre tabindex="0">'
        yield from inner
        yield 0, "</pre>"

    def _wrap_code(self, inner):
        lang = html.escape(self.language, quote=True)
        yield 0, f'<code class="language-{lang}">'
        yield from inner
        yield 0, "</code>"


# The math extension by name: each thread's Markdown gets its own (it counts formulas).
_EXTENSIONS = [
    "fenced_code",
    "tables",
    "codehilite",
    "sane_lists",
    diagrams.DiagramExtension(),
    "questions.markdown.math",
]
_EXTENSION_CONFIGS = {
    "codehilite": {
        "css_class": CODE_CSS_CLASS,
        # An unknown or missing language is plain escaped text, never a guess:
        # guessing turns prose into oddly coloured "code".
        "guess_lang": False,
        "pygments_formatter": LabelledHtmlFormatter,
        "wrapcode": True,
    },
}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol",
    "p", "pre", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
} | math.MATH_TAGS | diagrams.ALLOWED_TAGS  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "div": {"data-lang"},
    "pre": {"tabindex"},
    **math.MATH_ATTRIBUTES,
}
# Classes are allowed by name, never freely: Markdown may carry Pygments'
# token classes, not the site's own (`notice-draft`, `badge`…) to fake a notice.
ALLOWED_CLASSES = {
    "span": {css_class for css_class in STANDARD_TYPES.values() if css_class},
    "div": {CODE_CSS_CLASS},
    "code": {f"language-{alias}" for _name, aliases, _files, _types in get_all_lexers() for alias in aliases}
    | {"language-text"}
    | {"math-error", "math-limit"},
    **diagrams.ALLOWED_CLASSES,
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _image_source_allowed(url: str, image_hosts) -> bool:
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/")  # this site's own uploads (/media/…)
    return parts.scheme in {"http", "https"} and (parts.hostname or "") in image_hosts


def _filter_attribute(image_hosts, tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _image_source_allowed(value, image_hosts):
        return None
    if tag in math.MATH_TAGS and not math.math_attribute_allowed(tag, attribute, value):
        return None
    return value


# Built once per set of image hosts (one per process in practice: it comes
# from settings), and only the latest is kept: passing the allowlists to
# `nh3.clean` on every call converts them (a thousand-odd `language-…`
# classes) each time, most of its cost.
_cleaner_for_hosts: tuple[frozenset, nh3.Cleaner] | None = None


def _cleaner(image_hosts) -> nh3.Cleaner:
    global _cleaner_for_hosts
    hosts = frozenset(image_hosts)
    cached = _cleaner_for_hosts
    if cached is None or cached[0] != hosts:
        cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            allowed_classes=ALLOWED_CLASSES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
            attribute_filter=partial(_filter_attribute, hosts),
        )
        cached = _cleaner_for_hosts = (hosts, cleaner)
    return cached[1]


# nh3 serializes what it keeps, so these see well-formed tags whose attribute
# values are quoted and escaped.
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")


def sanitize_html(fragment: str, image_hosts=()) -> str:
    clean = _cleaner(image_hosts).clean(fragment)
    # An image whose source was refused is nothing to show; one without alt
    # text is decoration to a screen reader rather than an unnamed graphic.
    return _IMAGE_WITHOUT_ALT.sub('<img alt=""', _IMAGE_WITHOUT_SOURCE.sub("", clean))


# One Markdown instance per thread, reset before each conversion: building
# one (its parsers, patterns and extensions) costs more than converting a
# typical answer. An instance keeps state between conversions, hence one
# per thread and `reset()`.
_local = threading.local()


def _markdown() -> markdown.Markdown:
    md = getattr(_local, "markdown", None)
    if md is None:
        md = _local.markdown = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    return md


def unsanitized_html(text: str) -> str:
    """Markdown → HTML as written, raw HTML included. Never show this."""
    return _markdown().reset().convert(text)


def render_unbounded(text: str, image_hosts=()) -> str:
    """Markdown source → sanitized HTML fragment, in this process, however
    long it takes: for the budgeted child process only."""
    if not text or not text.strip():
        return ""
    return sanitize_html(unsanitized_html(text), image_hosts)
