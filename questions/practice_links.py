"""Links from the bank's pages into practice.

The practice app owns /practice/; these links are plain paths so the pages
work (and link correctly) whether or not it is installed yet."""

from urllib.parse import urlencode

from django.apps import apps
from django.urls import get_script_prefix

PRACTICE_PATH = "practice/"


def practise_category_url(category) -> str:
    """Start a practice session on one category's questions."""
    return f"{get_script_prefix()}{PRACTICE_PATH}?{urlencode({'category': category.slug})}"


def practice_state(request, question) -> dict | None:
    """The learner's practice state of `question` for its page (new, due
    on…, bookmarked, their note), or None without the practice app."""
    if not apps.is_installed("practice"):
        return None
    from practice.owners import owner_for
    from practice.state import state_for

    state = state_for(request, question)
    if state is not None and owner_for(request) is None:
        # A visitor who has not started practising gets the page everybody
        # gets, shared from the page cache: no bookmark form, whose CSRF
        # token would be theirs alone. "Practise this category" is their
        # way in; the controls appear once they practise or sign in.
        state = {**state, "question": None}
    return state
