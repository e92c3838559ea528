"""Readable diffs of Markdown text for the admin.

Lines are compared first; a changed line is then compared character by
character, because a one-character fix inside a long Chinese paragraph is
invisible in a line-only diff.

The work is bounded. difflib's SequenceMatcher is worse than quadratic on
characters (one 5,000-character line edited in a hundred places: 78 s; even
400 characters from a two-letter alphabet: 1.5 s), so character marks come
from diff-match-patch, whose Myers diff stops at a deadline and returns a
coarser but correct diff. One diff gets `INLINE_SECONDS` for all its
character marks; lines past `INLINE_MAX_LINE` characters, and lines after
the time is spent, are marked whole. The line diff itself (SequenceMatcher
over lines) runs only on texts of at most `LINE_DIFF_MAX_LINES` lines.
Nothing is cached.
"""

import time
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Below this similarity two versions of a line count as rewritten, not edited.
REWRITE_THRESHOLD = 0.5
INLINE_MAX_LINE = 5_000
INLINE_SECONDS = 0.3
LINE_DIFF_MAX_LINES = 2_000


def _whole(old: str, new: str) -> tuple[str, str]:
    return f"<del>{escape(old)}</del>", f"<ins>{escape(new)}</ins>"


class _InlineDiffer:
    """Character diffs of changed lines, all within one time budget."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def changed_line(self, old: str, new: str) -> tuple[str, str]:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or max(len(old), len(new)) > INLINE_MAX_LINE:
            return _whole(old, new)
        differ = diff_match_patch()
        differ.Diff_Timeout = remaining
        diffs = differ.diff_main(old, new)
        differ.diff_cleanupSemantic(diffs)
        same = sum(len(text) for op, text in diffs if op == differ.DIFF_EQUAL)
        # Character marks help when a line was edited; when it was rewritten
        # they only shred both versions, so mark the whole line instead.
        if 2 * same / (len(old) + len(new)) < REWRITE_THRESHOLD:
            return _whole(old, new)
        old_html: list[str] = []
        new_html: list[str] = []
        for op, text in diffs:
            if op == differ.DIFF_EQUAL:
                old_html.append(escape(text))
                new_html.append(escape(text))
            elif op == differ.DIFF_DELETE:
                old_html.append(f"<del>{escape(text)}</del>")
            else:
                new_html.append(f"<ins>{escape(text)}</ins>")
        return "".join(old_html), "".join(new_html)


def _line(kind: str, sign: str, html: str) -> str:
    return f'<div class="diff-line diff-{kind}"><span class="diff-sign">{sign}</span>{html or "&nbsp;"}</div>'


def _line_groups(old_lines: list[str], new_lines: list[str], context: int):
    if max(len(old_lines), len(new_lines)) > LINE_DIFF_MAX_LINES:
        # Too many lines to align affordably: everything old out, everything new in.
        return [[("replace", 0, len(old_lines), 0, len(new_lines))]]
    return SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_grouped_opcodes(context)


def diff_html(old: str, new: str, context: int = 2) -> SafeString:
    """Old → new as HTML lines: unchanged context, removed (-) and added (+)."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    inline = _InlineDiffer(INLINE_SECONDS)
    out = []
    for group in _line_groups(old_lines, new_lines, context):
        out.append('<div class="diff-hunk">')
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out.extend(_line("same", " ", escape(line)) for line in old_lines[i1:i2])
            elif op == "replace" and i2 - i1 == j2 - j1:
                for old_line, new_line in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                    old_html, new_html = inline.changed_line(old_line, new_line)
                    out.append(_line("del", "-", old_html))
                    out.append(_line("add", "+", new_html))
            else:
                out.extend(_line("del", "-", f"<del>{escape(line)}</del>") for line in old_lines[i1:i2])
                out.extend(_line("add", "+", f"<ins>{escape(line)}</ins>") for line in new_lines[j1:j2])
        out.append("</div>")
    return mark_safe("".join(out))  # every piece of text above went through escape()
