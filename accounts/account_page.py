"""Sections other apps add to the account page, without accounts importing
them: in their AppConfig.ready()

    from accounts import account_page
    account_page.register("api_tokens", template="api/account_tokens.html", context=tokens_context)

Each section is its template, included with the request's context plus
what `context(request)` returns."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[object], dict]


_sections: dict[str, Section] = {}


def register(name: str, *, template: str, context: Callable[[object], dict]) -> None:
    """Add (or replace, so a reload is harmless) the section `name`."""
    _sections[name] = Section(name, template, context)


def sections_for(request) -> list[dict]:
    """The sections in the order they were registered, each as its template
    and its context."""
    return [
        {"template": section.template, "context": section.context(request)} for section in _sections.values()
    ]
