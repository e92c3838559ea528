"""Readable diffs of Markdown text for the admin.

Lines are compared first; a changed line is then compared character by
character, because a one-character fix inside a long Chinese paragraph is
invisible in a line-only diff.

The work is bounded in time, whatever the text. Both steps use
diff-match-patch, whose Myers diff stops at a deadline and returns a coarser
but correct diff: what it had not aligned by then is marked changed whole.
(difflib's SequenceMatcher, used before, has no deadline and grows worse than
quadratically: 2,000 lines of "a" against 1,000 of "a"/"b" took 122 s.)
A `DiffBudget` holds the deadlines: `LINE_SECONDS` to align lines and
`INLINE_SECONDS` for character marks, shared by every diff of one comparison
(`revisions.compare` makes one per page). Lines past `INLINE_MAX_LINE`
characters, and lines after the time is spent, are marked whole; texts past
`LINE_DIFF_MAX_LINES` lines are not aligned at all. Nothing is cached.
"""

import time

# Django's escape() is this one behind a lazy-string wrapper, which costs a
# third of the time on a page of 4,000 diff lines.
from html import escape

from diff_match_patch import diff_match_patch
from django.utils.safestring import SafeString, mark_safe

# Below this similarity two versions of a line count as rewritten, not edited.
REWRITE_THRESHOLD = 0.5
INLINE_MAX_LINE = 5_000
LINE_SECONDS = 0.1
INLINE_SECONDS = 0.2
LINE_DIFF_MAX_LINES = 2_000


class DiffBudget:
    """The seconds a comparison may spend aligning lines and marking
    characters. Each clock starts when first read, so a budget made early
    (with lazily computed diffs) is not spent by waiting. Deadlines are read
    on diff-match-patch's clock (`time.time`), to be handed to it as they are."""

    def __init__(self, line_seconds: float | None = None, inline_seconds: float | None = None):
        self._seconds = {
            "line": LINE_SECONDS if line_seconds is None else line_seconds,
            "inline": INLINE_SECONDS if inline_seconds is None else inline_seconds,
        }
        self._deadlines: dict[str, float] = {}
        self._spent: set[str] = set()

    def deadline(self, step: str) -> float | None:
        """When `step` ("line" or "inline") must be done by; None once that time has passed."""
        if step in self._spent:
            return None
        now = time.time()
        deadline = self._deadlines.setdefault(step, now + self._seconds[step])
        if deadline <= now:
            self._spent.add(step)
            return None
        return deadline


def _whole(old: str, new: str) -> tuple[str, str]:
    return f"<del>{escape(old)}</del>", f"<ins>{escape(new)}</ins>"


def _changed_line(old: str, new: str, budget: DiffBudget) -> tuple[str, str]:
    """Character marks for one changed line, or the line marked whole."""
    deadline = budget.deadline("inline")
    if deadline is None or max(len(old), len(new)) > INLINE_MAX_LINE:
        return _whole(old, new)
    differ = diff_match_patch()
    diffs = differ.diff_main(old, new, True, deadline)
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


def _aligned(old_lines: list[str], new_lines: list[str], budget: DiffBudget) -> list[tuple]:
    """Opcodes as difflib names them — (op, i1, i2, j1, j2) — from
    diff-match-patch's line mode: each distinct line becomes one character,
    and the characters are diffed within the budget."""
    if (
        max(len(old_lines), len(new_lines)) > LINE_DIFF_MAX_LINES
        or (deadline := budget.deadline("line")) is None
    ):
        # No time, or too many lines to align affordably: everything old out, everything new in.
        return [("replace", 0, len(old_lines), 0, len(new_lines))]
    codes: dict[str, str] = {}
    old_chars = "".join(codes.setdefault(line, chr(len(codes))) for line in old_lines)
    new_chars = "".join(codes.setdefault(line, chr(len(codes))) for line in new_lines)
    differ = diff_match_patch()
    opcodes, i, j = [], 0, 0
    for op, chars in differ.diff_main(old_chars, new_chars, False, deadline):
        n = len(chars)
        if op == differ.DIFF_EQUAL:
            opcodes.append(("equal", i, i + n, j, j + n))
            i, j = i + n, j + n
        elif op == differ.DIFF_DELETE:
            opcodes.append(("delete", i, i + n, j, j))
            i += n
        elif opcodes and opcodes[-1][0] == "delete" and opcodes[-1][2] == i:
            # A deletion followed by an insertion: those lines were replaced.
            _, i1, i2, j1, _ = opcodes.pop()
            opcodes.append(("replace", i1, i2, j1, j + n))
            j += n
        else:
            opcodes.append(("insert", i, i, j, j + n))
            j += n
    return opcodes


def _grouped(opcodes: list[tuple], context: int):
    """The changes in hunks with up to `context` unchanged lines around each
    (as difflib's get_grouped_opcodes groups them)."""
    if not opcodes:
        return
    opcodes = list(opcodes)
    if opcodes[0][0] == "equal":
        _, i1, i2, j1, j2 = opcodes[0]
        opcodes[0] = ("equal", max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    if opcodes[-1][0] == "equal":
        _, i1, i2, j1, j2 = opcodes[-1]
        opcodes[-1] = ("equal", i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    group = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal" and i2 - i1 > 2 * context:
            # A long unchanged run ends one hunk and starts the next.
            group.append(("equal", i1, i1 + context, j1, j1 + context))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((op, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def diff_html(old: str, new: str, context: int = 2, budget: DiffBudget | None = None) -> SafeString:
    """Old → new as HTML lines: unchanged context, removed (-) and added (+)."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    budget = budget or DiffBudget()
    out = []
    for group in _grouped(_aligned(old_lines, new_lines, budget), context):
        out.append('<div class="diff-hunk">')
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out.extend(_line("same", " ", escape(line)) for line in old_lines[i1:i2])
            elif op == "replace" and i2 - i1 == j2 - j1:
                for old_line, new_line in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                    old_html, new_html = _changed_line(old_line, new_line, budget)
                    out.append(_line("del", "-", old_html))
                    out.append(_line("add", "+", new_html))
            else:
                out.extend(_line("del", "-", f"<del>{escape(line)}</del>") for line in old_lines[i1:i2])
                out.extend(_line("add", "+", f"<ins>{escape(line)}</ins>") for line in new_lines[j1:j2])
        out.append("</div>")
    return mark_safe("".join(out))  # every piece of text above went through escape()
