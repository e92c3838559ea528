"""Highlighted titles and snippets for search results.

Postgres' `ts_headline` re-parses the text with the text-search parser, which
sees 大模型是指… as one word, so it cannot mark 模型 inside it. The snippet is
built here instead, for the one page of results shown: the passage around
the first match, every matched CJK string and every word starting with a
matched stem (transform → Transformers) wrapped in <mark>.
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .query import ParsedQuery
from .tokens import CJK_CHAR

SNIPPET_LENGTH = 160
CONTEXT_BEFORE = 40

_LATIN_LETTER = r"0-9A-Za-z\u00c0-\u024f"
_LEXEME_RE = re.compile(r"'((?:[^']|'')+)'")
_CJK_RE = re.compile(CJK_CHAR)

_FENCE_RE = re.compile(r"^\s*(```|~~~).*$", re.M)
_CODE_SPAN_RE = re.compile(r"(`+)([^`\n](?:[^\n]*?[^`\n])?)\1(?!`)")
_KEPT_RE = re.compile("\ue000(\\d+)\ue001")
# `__` is left alone: in a bank about code it is far more often part of an
# identifier (`__init__`, `__call__`) than bold, and `__init__` must not turn
# into `init`. Code spans are kept verbatim (`**kwargs`, `List<int>`).
_MARKDOWN_NOISE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"\*\*|~~|`"), ""),
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """Markdown as a reader sees it, roughly: no fences, markers or tags;
    identifiers and code spans as written."""
    markdown = _FENCE_RE.sub(" ", markdown.replace("\ue000", "").replace("\ue001", ""))
    kept = []

    def _keep(match):
        kept.append(match.group(2).strip())
        return f"\ue000{len(kept) - 1}\ue001"

    markdown = _CODE_SPAN_RE.sub(_keep, markdown)
    for pattern, replacement in _MARKDOWN_NOISE:
        markdown = pattern.sub(replacement, markdown)
    return _KEPT_RE.sub(lambda match: kept[int(match.group(1))], markdown).strip()


class Highlighter:
    """Marks what `query` matched. `lexemes` is the normalized positive
    tsquery from Postgres (`'transform' & '大模' <-> '模型'`, see
    `with_matched_lexemes`): its Latin lexemes are stems, matched as word
    prefixes; CJK strings are matched as the query wrote them."""

    def __init__(self, query: ParsedQuery, lexemes: str):
        alternatives = set()
        for term in query.positive_terms:
            for piece in term.pieces:
                if _CJK_RE.match(piece):
                    alternatives.add(re.escape(piece))
        for lexeme in _LEXEME_RE.findall(lexemes):
            if not _CJK_RE.search(lexeme):
                alternatives.add(rf"(?<![{_LATIN_LETTER}]){re.escape(lexeme)}[{_LATIN_LETTER}]*")
        ordered = sorted(alternatives, key=len, reverse=True)
        self.pattern = re.compile("|".join(ordered), re.IGNORECASE) if ordered else None

    def highlight(self, text: str) -> SafeString:
        # The standard library's `html.escape`, which Django's `escape` calls
        # behind a lazy-string wrapper that cost more than the escaping.
        if self.pattern is None:
            return mark_safe(escape(text))
        parts, position = [], 0
        for match in self.pattern.finditer(text):
            if match.end() == match.start():
                continue
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
        parts.append(escape(text[position:]))
        return mark_safe("".join(parts))

    def snippet(self, *markdown_texts: str) -> SafeString:
        """About SNIPPET_LENGTH characters around the first match in the
        first text that has one, or the start of the first non-empty text."""
        texts = [text for text in (plain_text(t) for t in markdown_texts) if text]
        if not texts:
            return mark_safe("")
        text, start = texts[0], 0
        if self.pattern is not None:
            for candidate in texts:
                match = self.pattern.search(candidate)
                if match:
                    text, start = candidate, max(0, match.start() - CONTEXT_BEFORE)
                    break
        end = min(len(text), start + SNIPPET_LENGTH)
        start = max(0, min(start, end - SNIPPET_LENGTH))
        html = self.highlight(text[start:end])
        return mark_safe(("…" if start > 0 else "") + html + ("…" if end < len(text) else ""))
