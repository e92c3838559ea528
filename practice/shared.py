"""What the practice page shows that is the same for every learner until the
next public change: the categories its filter offers, and the badges of the
question on the card (a template fragment, templates/practice/practice.html).

Both are kept under the content version, held per process
(questions.public.held_version), as the question page keeps a question's
text: a change shows up to CONTENT_VERSION_HOLD_SECONDS late. The page shows
only published questions, so editors see what candidates see. Read afresh
each time, they were two of the page's queries and a fifth of its Python
(issue 22: the categories ~0.5 ms, the badges with their tags ~0.9 ms).
"""

from questions.models import Category
from questions.public import held_version

# "categories": (content version, the categories), the latest this process read.
_kept: dict[str, tuple[int, list[Category]]] = {}


def content_version() -> int:
    """The version the page's shared parts are kept under."""
    return held_version.current_version()[0]


def categories(version: int) -> list[Category]:
    """Every category in the filter's order, read once per version."""
    kept = _kept.get("categories")
    if kept is not None and kept[0] == version:
        return kept[1]
    found = list(Category.objects.all())
    _kept["categories"] = (version, found)
    return found


def forget() -> None:
    """Drop what this process keeps (tests: a rolled-back database can
    repeat a content version)."""
    _kept.clear()
