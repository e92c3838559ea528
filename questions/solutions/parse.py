"""Solutions as editors write them: fenced code blocks, one per language,
each with an optional short note (Markdown) above its fence.

    The classic two-pointer walk, O(n) time and O(1) space.

    ```python
    def is_palindrome(s: str) -> bool:
        ...
    ```

    ```cpp
    bool isPalindrome(const std::string& s) { ... }
    ```

- A fence is three or more backticks (or tildes) and the language: any
  language Pygments highlights, by any of its names (`py`, `c++`, `golang`).
  It closes with a line of at least as many of the same character, so code
  holding ``` is written inside a longer fence.
- Text between two fences is the note of the solution below it; text after
  the last fence belongs to none and is refused.
- One solution per language (`py` and `python` are one language).

`parse_solutions()` raises `SolutionsError` naming the first line at fault;
`format_solutions()` writes solutions back in this layout (exports), and
`parse_solutions(format_solutions(s)) == s` for every parsed `s`. Bounds keep
a question's page and its rendering small whatever an editor writes.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .languages import find_language

MAX_SOLUTIONS_LENGTH = 20_000
MAX_SOLUTIONS = 8
MAX_NOTE_LENGTH = 500

# The info string is taken whole and stripped in Python: a lazy `.*?` before
# `[ \t]*$` backtracks quadratically on a long line of spaces (seconds at 20,000).
_OPENING = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LANGUAGE_NAME = re.compile(r"^[\w+#.-]{1,40}$")


@dataclass(frozen=True)
class Solution:
    language: str  # canonical alias (`cpp`)
    name: str  # proper name ("C++")
    code: str
    note: str = ""  # Markdown
    # Where its fence opens in the text it was read from (errors, previews).
    line: int = field(default=0, compare=False)


class SolutionsError(ValueError):
    """The text is not a valid set of solutions; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(
            gettext("Solutions, line %(line)d: %(message)s") % {"line": line, "message": message}
        )


def parse_solutions(text: str, first_line: int = 1) -> tuple[Solution, ...]:
    """The solutions written in `text` (see the module's docstring), its
    lines numbered from `first_line` (the line of a file it starts on)."""
    text = text or ""
    if len(text) > MAX_SOLUTIONS_LENGTH:
        raise SolutionsError(
            first_line,
            gettext("the solutions are longer than %(limit)d characters.") % {"limit": MAX_SOLUTIONS_LENGTH},
        )
    lines = text.splitlines()
    solutions: list[Solution] = []
    seen: dict[str, int] = {}
    note: list[tuple[int, str]] = []  # (line number, text) since the last fence
    number = 0
    while number < len(lines):
        opening = _OPENING.match(lines[number])
        info = opening["info"].strip(" \t") if opening else ""
        if not opening or (opening["fence"][0] == "`" and "`" in info):
            note.append((number + first_line, lines[number]))
            number += 1
            continue
        start = number + first_line
        if len(solutions) == MAX_SOLUTIONS:
            raise SolutionsError(start, gettext("at most %(limit)d solutions.") % {"limit": MAX_SOLUTIONS})
        language = _language(info, start)
        if language.key in seen:
            raise SolutionsError(
                start,
                gettext(
                    "a second solution in %(language)s (the first is on line %(first)d): one per language."
                )
                % {"language": language.name, "first": seen[language.key]},
            )
        seen[language.key] = start
        fence = opening["fence"]
        end = _closing_line(lines, number + 1, fence)
        if end is None:
            raise SolutionsError(
                start,
                gettext("this code block is never closed: end it with a line of %(fence)s.")
                % {"fence": fence},
            )
        code = "\n".join(lines[number + 1 : end]).strip("\n")
        if not code.strip():
            raise SolutionsError(start, gettext("this solution has no code."))
        solutions.append(Solution(language.key, language.name, code, _note(note), start))
        note = []
        number = end + 1
    stray = [(line, content) for line, content in note if content.strip()]
    if stray:
        raise SolutionsError(
            stray[0][0],
            gettext("text after the last solution: a note goes above the code block it is about."),
        )
    return tuple(solutions)


def _language(info: str, line: int):
    if not info:
        raise SolutionsError(line, gettext("name the language after the fence, as in ```python."))
    if not _LANGUAGE_NAME.match(info):
        raise SolutionsError(line, gettext("write only the language after the fence, as in ```python."))
    language = find_language(info)
    if language is None:
        raise SolutionsError(
            line, gettext("“%(language)s” is not a programming language qbank knows.") % {"language": info}
        )
    return language


def _closing_line(lines: list[str], start: int, fence: str) -> int | None:
    for number in range(start, len(lines)):
        candidate = lines[number].strip()
        if len(candidate) >= len(fence) and candidate == fence[0] * len(candidate):
            return number
    return None


def _note(lines: list[tuple[int, str]]) -> str:
    note = "\n".join(content for _line, content in lines).strip()
    if len(note) > MAX_NOTE_LENGTH:
        first = next(line for line, content in lines if content.strip())
        raise SolutionsError(
            first,
            gettext(
                "a note is longer than %(limit)d characters: keep it short, or move it to the explanation."
            )
            % {"limit": MAX_NOTE_LENGTH},
        )
    return note


def _fence_for(code: str) -> str:
    """Backticks enough that no line of `code` closes the block early."""
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=0)
    return "`" * max(3, longest + 1)


def format_solutions(solutions) -> str:
    """`solutions` in the layout `parse_solutions()` reads."""
    parts = []
    for solution in solutions:
        block = fenced_code(solution)
        parts.append(f"{solution.note}\n\n{block}" if solution.note else block)
    return "\n\n".join(parts)


def fenced_code(solution: Solution) -> str:
    """The solution's code as a Markdown fenced block, for the renderer."""
    fence = _fence_for(solution.code)
    return f"{fence}{solution.language}\n{solution.code}\n{fence}"
