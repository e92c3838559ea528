"""Internal links that lead nowhere: a link in a question's rendered HTML to
one of the bank's own public pages (/q/<slug>/, /c/<slug>/, /sources/<slug>/,
/tags/<slug>/) whose question, category, article or tag a reader cannot see
— it does not exist, or it is not published.

Only site-relative links are checked ("/q/…"): an absolute link to the
bank's own domain cannot be told apart from another site's without knowing
the domain, and other sites are not ours to check.
"""

import html
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

# nh3 writes every attribute in double quotes, with `"` escaped.
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.IGNORECASE)

# The public pages a link may point at: URL name → kind of object.
_TARGET_KINDS = {
    "questions:detail": "question",
    "questions:category": "category",
    "questions:category_export": "category",
    "questions:source": "source",
    "questions:tag": "tag",
}


class LinkTargets:
    """Which slugs of each kind a reader (someone without a role) can reach,
    asked once per kind and slug: a recheck of the whole bank reuses one
    instance across questions.

    `find_reachable(kind, slugs)` answers for a set of slugs of one kind
    ("question", "category", "source", "tag"); the model layer supplies it
    (`questions.models.public_link_targets()`), so these checks stay text
    functions that never query the database themselves."""

    def __init__(self, find_reachable: Callable[[str, set[str]], set[str]]):
        self._find_reachable = find_reachable
        self._known: dict[str, dict[str, bool]] = {}

    def reachable(self, kind: str, slugs: set[str]) -> set[str]:
        cache = self._known.setdefault(kind, {})
        missing = slugs - cache.keys()
        if missing:
            found = self._find_reachable(kind, missing)
            cache.update((slug, slug in found) for slug in missing)
        return {slug for slug in slugs if cache[slug]}


def _internal_path(href: str) -> str | None:
    href = html.unescape(href).strip()
    if not href.startswith("/") or href.startswith("//"):
        return None  # another site, a fragment, mailto:, or a relative path
    path = unquote(urlsplit(href).path)
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None  # files, served apart from the pages
    return path


def broken_internal_links(rendered_html: str, link_targets: LinkTargets) -> list[str]:
    """The site-relative hrefs of `rendered_html` that lead to no page a
    reader can open, in order of appearance, each once."""
    paths = {}
    for href in _HREF.findall(rendered_html or ""):
        path = _internal_path(href)
        if path is not None:
            paths.setdefault(html.unescape(href), path)
    if not paths:
        return []
    wanted = {}  # href → (kind, slug)
    broken = []
    for href, path in paths.items():
        try:
            match = resolve(path)
        except Resolver404:
            broken.append(href)
            continue
        kind = _TARGET_KINDS.get(match.view_name)
        if kind:
            wanted[href] = (kind, match.kwargs["slug"])
    for kind in {kind for kind, _slug in wanted.values()}:
        slugs = {slug for k, slug in wanted.values() if k == kind}
        reachable = link_targets.reachable(kind, slugs)
        broken.extend(href for href, (k, slug) in wanted.items() if k == kind and slug not in reachable)
    order = list(paths)
    return sorted(broken, key=order.index)
