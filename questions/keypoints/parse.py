"""Key points as editors write them: one point a line, in a plain textarea.

    ! Attention weighs every token against every other | self-attention; 自注意力
    Cost grows with the square of the length | quadratic; O(n^2); 平方
    | n²; 二次方

- A line is a point: its statement, then after `|` the phrasings that also
  count as covering it, separated by `;`.
- `!` before the statement marks an essential point; the others are optional.
- A line that starts with `|` adds phrasings to the point above it.
- Blank lines are skipped. The full-width forms an input method types
  (`！`, `｜`, `；`) work the same.

`parse_key_points()` raises `KeyPointsError` naming the first line at fault;
`format_key_points()` writes points back in this layout (exports), and
`parse_key_points(format_key_points(points)) == points` for every parsed
`points`. Bounds keep the checker's work small whatever an editor writes.
"""

import re

from django.utils.translation import gettext

from .points import KeyPoint

ESSENTIAL_MARK = "!"
PHRASINGS_MARK = "|"
PHRASING_SEPARATOR = ";"

# The whole text, the points, their phrasings: what a checker compares a
# typed answer with stays small (see check.py's time bound).
MAX_KEY_POINTS_LENGTH = 5_000
MAX_POINTS = 30
MAX_PHRASINGS = 20
MAX_STATEMENT_LENGTH = 200
MAX_PHRASING_LENGTH = 100

_FULL_WIDTH_MARKS = str.maketrans({"！": ESSENTIAL_MARK, "｜": PHRASINGS_MARK, "；": PHRASING_SEPARATOR})
# A statement or phrasing must hold a letter, digit or CJK character: one of
# punctuation alone could never be found in an answer.
_WORD_CHAR = re.compile(r"\w")


class KeyPointsError(ValueError):
    """The text is not a valid list of key points; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(
            gettext("Key points, line %(line)d: %(message)s") % {"line": line, "message": message}
        )


def parse_key_points(text: str) -> tuple[KeyPoint, ...]:
    """The key points written in `text` (see the module's docstring)."""
    text = text or ""
    if len(text) > MAX_KEY_POINTS_LENGTH:
        raise KeyPointsError(
            1,
            gettext("the key points are longer than %(limit)d characters.")
            % {"limit": MAX_KEY_POINTS_LENGTH},
        )
    points: list[KeyPoint] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.translate(_FULL_WIDTH_MARKS).strip()
        if not line:
            continue
        if line.startswith(PHRASINGS_MARK):
            if not points:
                raise KeyPointsError(
                    number, gettext("phrasings (a line starting with “|”) must follow a key point.")
                )
            more = _phrasings(line[1:], number)
            last = points[-1]
            points[-1] = KeyPoint(
                last.statement, _bounded_phrasings(last.phrasings + more, number), last.essential
            )
            continue
        if len(points) == MAX_POINTS:
            raise KeyPointsError(number, gettext("at most %(limit)d key points.") % {"limit": MAX_POINTS})
        points.append(_point(line, number))
    return tuple(points)


def _point(line: str, number: int) -> KeyPoint:
    essential = line.startswith(ESSENTIAL_MARK)
    if essential:
        line = line[1:]
    statement, _mark, rest = line.partition(PHRASINGS_MARK)
    statement = statement.strip()
    if not _WORD_CHAR.search(statement):
        raise KeyPointsError(number, gettext("a key point needs a statement before “|”."))
    if statement.startswith(ESSENTIAL_MARK):
        raise KeyPointsError(number, gettext("a statement cannot start with “!” (one marks it essential)."))
    if len(statement) > MAX_STATEMENT_LENGTH:
        raise KeyPointsError(
            number,
            gettext("a statement is longer than %(limit)d characters.") % {"limit": MAX_STATEMENT_LENGTH},
        )
    return KeyPoint(statement, _bounded_phrasings(_phrasings(rest, number), number), essential)


def _phrasings(text: str, number: int) -> tuple[str, ...]:
    if PHRASINGS_MARK in text:
        raise KeyPointsError(number, gettext("one “|” a line: separate phrasings with “;”."))
    phrasings = tuple(part.strip() for part in text.split(PHRASING_SEPARATOR) if part.strip())
    for phrasing in phrasings:
        if not _WORD_CHAR.search(phrasing):
            raise KeyPointsError(
                number,
                gettext("the phrasing “%(phrasing)s” has no letter, digit or character to look for.")
                % {"phrasing": phrasing},
            )
        if len(phrasing) > MAX_PHRASING_LENGTH:
            raise KeyPointsError(
                number,
                gettext("a phrasing is longer than %(limit)d characters.") % {"limit": MAX_PHRASING_LENGTH},
            )
    return phrasings


def _bounded_phrasings(phrasings: tuple[str, ...], number: int) -> tuple[str, ...]:
    if len(phrasings) > MAX_PHRASINGS:
        raise KeyPointsError(
            number, gettext("at most %(limit)d phrasings a key point.") % {"limit": MAX_PHRASINGS}
        )
    return phrasings


def format_key_points(points: tuple[KeyPoint, ...] | list[KeyPoint]) -> str:
    """`points` in the layout `parse_key_points()` reads: one line each."""
    lines = []
    for point in points:
        line = f"{ESSENTIAL_MARK} {point.statement}" if point.essential else point.statement
        if point.phrasings:
            line += f" {PHRASINGS_MARK} " + f"{PHRASING_SEPARATOR} ".join(point.phrasings)
        lines.append(line)
    return "\n".join(lines)
