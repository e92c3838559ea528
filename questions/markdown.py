"""The one Markdown renderer: models, public pages and the admin preview all
call `render_markdown`, so what an editor previews is what a candidate sees.

Python-Markdown turns the source into HTML (fenced code, tables, Pygments
highlighting), then nh3 removes everything not on an allowlist. Sanitizing
runs on the final HTML, after highlighting, so the allowlist has to keep the
`class` attributes Pygments puts on its token spans.
"""

import html
import threading

import markdown
import nh3
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers
from pygments.token import STANDARD_TYPES, Token

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

    def _wrap_code(self, inner):
        lang = html.escape(self.language, quote=True)
        yield 0, f'<code class="language-{lang}">'
        yield from inner
        yield 0, "</code>"


_EXTENSIONS = ["fenced_code", "tables", "codehilite", "sane_lists"]
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
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "div": {"data-lang"},
}
# Classes are allowed by name, never freely: Markdown may carry Pygments'
# token classes, not the site's own (`notice-draft`, `badge`…) to fake a notice.
ALLOWED_CLASSES = {
    "span": {css_class for css_class in STANDARD_TYPES.values() if css_class},
    "div": {CODE_CSS_CLASS},
    "code": {f"language-{alias}" for _name, aliases, _files, _types in get_all_lexers() for alias in aliases}
    | {"language-text"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Built once: passing the allowlists to `nh3.clean` on every call converts
# them (a thousand-odd `language-…` classes) each time, most of its cost.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(fragment: str) -> str:
    return _CLEANER.clean(fragment)


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


def render_markdown(text: str) -> str:
    """Markdown source → sanitized HTML fragment (empty string for no text)."""
    if not text or not text.strip():
        return ""
    return sanitize_html(unsanitized_html(text))
