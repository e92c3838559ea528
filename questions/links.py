"""Addresses of the bank's pages, built as fast as a string join.

A list page links to thirty questions and a hundred tags; `reverse()` of a
namespaced name costs tens of microseconds each (resolver lookups, thread
locals, quoting the whole path), the largest single cost of a cold category
page (profiled for issue 10). Every page that takes one slug is a fixed
prefix and suffix around it, so `reverse()` runs once per name, URLconf and
script prefix, and each address is the same string `reverse()` would give:
the slug quoted exactly as Django quotes it (tests/test_links.py compares
the two for awkward slugs).
"""

from functools import cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# What reverse() leaves unquoted in a path (django/urls/resolvers.py).
_SAFE = "!$&'()*+,;=" + "/~:@"
# A placeholder no slug pattern rejects and quoting leaves alone.
_MARKER = "qbankslugmarker"


@cache
def _around_slug(name: str, urlconf, script_prefix: str) -> tuple[str, str]:
    before, after = reverse(name, urlconf=urlconf, args=[_MARKER]).split(_MARKER)
    return before, after


def slug_url(name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for a URL whose only argument is a slug."""
    if not slug:
        return reverse(name, args=[slug])  # let Django raise NoReverseMatch
    before, after = _around_slug(name, get_urlconf(), get_script_prefix())
    url = before + quote(slug, safe=_SAFE) + after
    if url.startswith("//"):
        return reverse(name, args=[slug])  # reverse() escapes a leading "//"
    return url
