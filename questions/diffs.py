"""Readable diffs of Markdown text for the admin.

Lines are compared first; a changed line is then compared character by
character, because a one-character fix inside a long Chinese paragraph is
invisible in a line-only diff.
"""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Below this similarity two versions of a line count as rewritten, not edited.
REWRITE_THRESHOLD = 0.5


def _inline(old: str, new: str) -> tuple[str, str]:
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            old_html.append(escape(old[i1:i2]))
            new_html.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            old_html.append(f"<del>{escape(old[i1:i2])}</del>")
        if j2 > j1:
            new_html.append(f"<ins>{escape(new[j1:j2])}</ins>")
    return "".join(old_html), "".join(new_html)


def _changed_line(old: str, new: str) -> tuple[str, str]:
    # Character marks help when a line was edited; when it was rewritten they
    # only shred both versions, so mark the whole line instead.
    if SequenceMatcher(None, old, new, autojunk=False).ratio() >= REWRITE_THRESHOLD:
        return _inline(old, new)
    return f"<del>{escape(old)}</del>", f"<ins>{escape(new)}</ins>"


def _line(kind: str, sign: str, html: str) -> str:
    return f'<div class="diff-line diff-{kind}"><span class="diff-sign">{sign}</span>{html or "&nbsp;"}</div>'


def diff_html(old: str, new: str, context: int = 2) -> SafeString:
    """Old → new as HTML lines: unchanged context, removed (-) and added (+)."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    out = []
    for group in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_grouped_opcodes(context):
        out.append('<div class="diff-hunk">')
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out.extend(_line("same", " ", escape(line)) for line in old_lines[i1:i2])
            elif op == "replace" and i2 - i1 == j2 - j1:
                for old_line, new_line in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                    old_html, new_html = _changed_line(old_line, new_line)
                    out.append(_line("del", "-", old_html))
                    out.append(_line("add", "+", new_html))
            else:
                out.extend(_line("del", "-", f"<del>{escape(line)}</del>") for line in old_lines[i1:i2])
                out.extend(_line("add", "+", f"<ins>{escape(line)}</ins>") for line in new_lines[j1:j2])
        out.append("</div>")
    return mark_safe("".join(out))  # every piece of text above went through escape()
