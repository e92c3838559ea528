"""Per-visitor state on the public pages, contributed by the apps that keep it.

The public pages know nothing of practice (or of any other app that keeps
something per visitor); such an app registers in its AppConfig.ready():

    from questions.public import visitors
    visitors.register(
        "practice",
        has_own_page=is_practising_as_guest,  # request → bool
        question_state=state_for_page,        # (request, question) → dict | None
        category_start_url=practise_url,      # category → str
    )

`has_own_page(request)` tells the page cache that an anonymous visitor gets
a page of their own (their progress is on it), never the shared one.
`question_state(request, question)` is what the question page shows in its
practice box; `category_start_url(category)` where "Practise this
category" leads. With nothing registered the pages simply leave those out.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Contributor:
    has_own_page: Callable[[object], bool] | None = None
    question_state: Callable[[object, object], dict | None] | None = None
    category_start_url: Callable[[object], str] | None = None


_contributors: dict[str, Contributor] = {}


def register(
    name: str,
    *,
    has_own_page: Callable[[object], bool] | None = None,
    question_state: Callable[[object, object], dict | None] | None = None,
    category_start_url: Callable[[object], str] | None = None,
) -> None:
    """Add (or replace, so a reload is harmless) the contributor `name`."""
    _contributors[name] = Contributor(has_own_page, question_state, category_start_url)


def unregister(name: str) -> None:
    _contributors.pop(name, None)


def has_own_page(request) -> bool:
    """Whether an anonymous visitor has state of their own on the pages."""
    return any(c.has_own_page(request) for c in _contributors.values() if c.has_own_page)


def question_state(request, question) -> dict | None:
    """The first contributor's state of `question` for this visitor."""
    for contributor in _contributors.values():
        if contributor.question_state:
            return contributor.question_state(request, question)
    return None


def category_start_url(category) -> str | None:
    for contributor in _contributors.values():
        if contributor.category_start_url:
            return contributor.category_start_url(category)
    return None
