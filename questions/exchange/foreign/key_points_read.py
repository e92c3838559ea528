"""Key points read back from HTML into the editors' layout
(questions/keypoints/parse.py).

qbank's exports write them as exchange/key_points_html.py does —
`<li><b>statement</b> (essential) — phrasing / phrasing</li>` — which is
read back point for point; any other HTML (a deck's own "Key points"
field) is taken a line a point.
"""

from bs4 import BeautifulSoup

from questions.keypoints.parse import format_key_points
from questions.keypoints.points import KeyPoint

from .html_markdown import html_to_lines

PHRASINGS_SEPARATOR = " — "
PHRASING_SEPARATOR = " / "


def key_points_from_html(fragment: str) -> str:
    if not fragment or "<li" not in fragment:
        return html_to_lines(fragment)
    points = []
    for item in BeautifulSoup(fragment, "html.parser").find_all("li"):
        text = item.get_text()
        bold = item.find("b")
        if bold is not None:
            # "<b>statement</b> (essential) — …": the mark's words are translated, the bold is not.
            statement = bold.get_text()
            rest = text[text.find(statement) + len(statement) :]
            _mark, separator, phrasings = rest.partition(PHRASINGS_SEPARATOR)
        else:
            statement, separator, phrasings = text.partition(PHRASINGS_SEPARATOR)
        found = (
            tuple(p.strip() for p in phrasings.split(PHRASING_SEPARATOR) if p.strip()) if separator else ()
        )
        if statement.strip():
            points.append(KeyPoint(statement=statement.strip(), phrasings=found, essential=bold is not None))
    return format_key_points(points)
