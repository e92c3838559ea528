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

from collections.abc import Callable
from functools import cache, lru_cache
from urllib.parse import quote

from django.conf import settings
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
    return slug_urls(name)(slug)


def slug_urls(name: str) -> Callable[[str], str]:
    """`slug_url(name, ·)` for the many slugs of one page (a results page's
    tags): the URLconf and script prefix, thread-local lookups that cost
    more than the join, looked up once."""
    # A request may carry its own URLconf; tests may swap ROOT_URLCONF.
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(name, urlconf, get_script_prefix())

    def url(slug: str) -> str:
        if not slug:
            return reverse(name, args=[slug])  # let Django raise NoReverseMatch
        url = before + quote(slug, safe=_SAFE) + after
        if url.startswith("//"):
            return reverse(name, args=[slug])  # reverse() escapes a leading "//"
        return url

    return url


@lru_cache(maxsize=256)
def _fixed(name: str, args: tuple, urlconf, script_prefix: str) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def fixed_url(name: str, *args) -> str:
    """reverse(name, args=args) for the links every page repeats (the
    header's categories, search, sign-in): the same few addresses, looked up
    once per URLconf and script prefix."""
    return _fixed(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def canonical_url(path: str) -> str:
    """The absolute address of a path on the site's configured address
    (settings.SITE_URL), never on the Host a request named: pages holding
    absolute links are cached and served to everyone."""
    return settings.SITE_URL + path
