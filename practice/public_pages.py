"""How practice shows on the bank's public pages, registered with
`questions.public.visitors` (the public pages never import practice)."""

from urllib.parse import urlencode

from django.urls import get_script_prefix

from .owners import GUEST_SESSION_KEY, owner_for
from .state import state_for

# A plain path rather than reverse(): the question page is the bank's most
# read page, and this link is the same string for every category but one word.
PRACTICE_PATH = "practice/"


def practise_category_url(category) -> str:
    """Start a practice session on one category's questions."""
    return f"{get_script_prefix()}{PRACTICE_PATH}?{urlencode({'category': category.slug})}"


def is_practising_as_guest(request) -> bool:
    """A visitor practising without an account has their own progress,
    bookmarks and notes on the pages (owners.py): their own page."""
    session = getattr(request, "session", None)
    return bool(session and session.get(GUEST_SESSION_KEY))


def state_for_page(request, question) -> dict | None:
    """The learner's practice state of `question` for its page (new, due
    on…, bookmarked, their note)."""
    state = state_for(request, question)
    if state is not None and owner_for(request) is None:
        # A visitor who has not started practising gets the page everybody
        # gets, shared from the page cache: no bookmark form, whose CSRF
        # token would be theirs alone. "Practise this category" is their
        # way in; the controls appear once they practise or sign in.
        state = {**state, "question": None}
    return state
