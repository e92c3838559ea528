"""Solutions read back from HTML into the editors' layout
(questions/solutions/parse.py).

qbank's exports write them as questions/solutions/html.py does — a
`<section class="solution" data-language="…">` per language with its note
and its highlighted code — which is read back solution for solution; any
other HTML (a deck's own "Solutions" field) becomes Markdown as it is, for
the validators to accept (fenced code blocks) or name its note or row.
"""

from bs4 import BeautifulSoup

from questions.solutions.languages import find_language
from questions.solutions.parse import Solution, format_solutions

from .html_markdown import html_to_markdown


def solutions_from_html(fragment: str) -> str:
    if not fragment or "data-language" not in fragment:
        return html_to_markdown(fragment) if fragment else ""
    solutions = []
    for section in BeautifulSoup(fragment, "html.parser").find_all("section", attrs={"data-language": True}):
        language = find_language(str(section["data-language"]))
        code = section.find("pre")
        if language is None or code is None:
            continue
        note = section.find("div", class_="solution-note")
        solutions.append(
            Solution(
                language=language.key,
                name=language.name,
                code=code.get_text().strip("\n"),
                note=html_to_markdown(note.decode_contents()) if note is not None else "",
            )
        )
    return format_solutions(solutions)
