"""What the bank holds, told to a reader whose search found nothing: its
languages, its categories with their counts and its most used tags. A reader
who typed an English word against a bank written in Chinese learns why
nothing matched instead of guessing at spellings."""

from dataclasses import dataclass

from django.conf import settings

from .. import policies
from ..search.tokens import is_cjk

# The tags named on the page; the tag list has the rest.
TAGS_SHOWN = 12


@dataclass(frozen=True)
class Holdings:
    languages: list[str]
    categories: list
    tags: list
    total: int
    # The query has no Chinese character and the bank has no English article.
    latin_query_in_chinese_bank: bool


def holdings_for(user, query_text: str) -> Holdings:
    """Three small reads: the sources' languages (one row per article), the
    categories' kept counts and the most used tags' kept counts."""
    codes = set(policies.visible_sources(user).order_by().values_list("language", flat=True).distinct())
    names = dict(settings.LANGUAGES)
    languages = [str(names[code]) for code, _name in settings.LANGUAGES if code in codes]
    categories = [c for c in policies.categories_counted_for(user) if c.question_count]
    # The most used first, read TAGS_SHOWN at a time (the public's from the kept counts).
    tags = list(policies.tags_counted_for(user).order_by("-question_count", "name")[:TAGS_SHOWN])
    latin_query = bool(query_text.strip()) and not any(is_cjk(char) for char in query_text)
    return Holdings(
        languages=languages,
        categories=categories,
        tags=tags,
        total=sum(category.question_count for category in categories),
        latin_query_in_chinese_bank=latin_query and bool(codes) and not codes - {"zh-hans"},
    )
