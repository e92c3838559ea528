"""Solutions as the pages show them, rendered on save into `solutions_html`.

Each solution is a `<section>` with its language as a heading, its note and
its highlighted code, one under another: what a reader without JavaScript
sees. `static/js/solutions.js` turns the sections into tabs and remembers the
reader's language. The note and the code go through the one Markdown
renderer (its time budget, Pygments, nh3) like every other field, so a code
block here is highlighted, labelled and sanitized as in an answer; only the
wrapper is written here, from the validated language and its proper name,
escaped.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..markdown import render_many
from .parse import Solution, SolutionsError, fenced_code, parse_solutions


def markdown_sources(solutions) -> list[str]:
    """What the renderer renders for `solutions`: each note, then its code."""
    return [text for solution in solutions for text in (solution.note, fenced_code(solution))]


def solutions_markup(solutions, rendered: list[str]) -> str:
    """The sections of `solutions`, given `markdown_sources()` rendered."""
    if not solutions:
        return ""
    sections = format_html_join(
        "\n",
        '<section class="solution" data-language="{}">\n<h3 class="solution-language">{}</h3>\n{}{}</section>',
        (
            (
                solution.language,
                solution.name,
                format_html('<div class="solution-note">{}</div>\n', mark_safe(note)) if note else "",
                mark_safe(code),  # rendered and sanitized by questions.markdown
            )
            for solution, note, code in zip(solutions, rendered[::2], rendered[1::2], strict=True)
        ),
    )
    return format_html('<div class="solutions" data-solutions>\n{}\n</div>', sections)


def parsed_or_nothing(text: str) -> tuple[Solution, ...]:
    """The solutions of `text`; none if it no longer parses (text written past
    the validators: raw SQL, an old dump), rather than breaking a page."""
    try:
        return parse_solutions(text)
    except SolutionsError:
        return ()


def render_solutions(text: str) -> str:
    """`text` → the markup pages show, within the Markdown time budget
    (raises `MarkdownTooSlow` past it)."""
    solutions = parsed_or_nothing(text)
    if not solutions:
        return ""
    return solutions_markup(solutions, render_many(markdown_sources(solutions)))
