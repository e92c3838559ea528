"""Shared by the readers: a title from a longer text, cloze deletions,
tags as a qbank tag can hold them."""

import re

from django.utils.translation import gettext as _

TITLE_LENGTH = 200
TAG_LENGTH = 60

_MARKUP = re.compile(r"[*_`#>\\]|!?\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")
CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.S)


def plain_line(markdown: str) -> str:
    """The first non-empty line of Markdown, its markup dropped."""
    for line in markdown.splitlines():
        text = _SPACES.sub(" ", _MARKUP.sub(lambda m: m.group(1) or "", line)).strip()
        if text:
            return text
    return ""


def title_and_body(prompt: str, title: str = "") -> tuple[str, str]:
    """A question's title and prompt from a front field: its first line
    (shortened) is the title; the prompt keeps the whole text unless the
    title already says all of it."""
    title = (title or plain_line(prompt)).strip()
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rstrip() + "…"
    if not prompt or prompt.strip() == title:
        return title, ""
    return title, prompt


def cloze_question(text: str) -> tuple[str, str]:
    """A cloze text → (prompt with each deletion a blank — or its hint —,
    answer with each deletion in bold). All deletions of a note are one
    question: a card per deletion would split one answer into fragments."""
    prompt = CLOZE.sub(lambda m: f"[{m.group(2)}]" if m.group(2) else "[…]", text)
    answer = CLOZE.sub(lambda m: f"**{m.group(1).strip()}**", text)
    return prompt, answer


def tag_name(raw: str) -> str:
    return _SPACES.sub(" ", raw).strip()[:TAG_LENGTH]


def no_answer() -> str:
    return _("no answer: not imported")
