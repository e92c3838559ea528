"""Public pages, cached for anonymous readers and revalidated by browsers.

`@public_page` wraps a view. For an anonymous GET it takes the bank's content
version (one primary-key query: `ContentVersion`, held per process for
CONTENT_VERSION_HOLD_SECONDS by `held_version`), and

- answers 304 Not Modified when the browser (or a CDN) already holds this
  version of the page (ETag and Last-Modified come from the version);
- else serves the page from Django's cache (with Redis, this process's
  memory first: the `pages_local` cache), under a key made of the version,
  the reader's language and the full address (scheme, host, path), so that a change of public
  content makes every older entry unreachable at once: nothing stale is ever
  served, and nothing needs deleting (entries expire);
- else renders it, and stores it if it is safe to share: a 200 that sets no
  cookie and holds no CSRF token (a token belongs to one visitor), of at
  most PAGE_CACHE_MAX_ENTRY_BYTES, asked for with no query parameter but
  those the view reads (`@public_page(query=...)`): `?junk=1`, `?junk=2`…
  are served, never stored, so they cannot fill the cache.

Signed-in people (editors see drafts and their markers; candidates their own
progress) always get their own page, marked `private`.

A page whose view widened its Content-Security-Policy (a diagram, a Run
button: `questions.markdown.page_scripts`) is stored with that header and
served with it again; every other page gets the site's policy from
CSPMiddleware on the way out, cached or not.

Cache-Control: `public, max-age=0, must-revalidate` lets a CDN or browser
keep the page and ask again with If-None-Match (a 304 costs at most one
query, none while the version is held, and reads no cache).
CDN_MAX_AGE > 0 adds `s-maxage`, letting a CDN serve it unasked for that
long — at the price of being up to that stale.
"""

import hashlib
from collections.abc import Iterable
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag

from . import visitors
from .held_version import current_version, read_once
from .replicas import public_reads

# Headers a view sets that belong to the page and are replayed with it (the
# sitemaps' X-Robots-Tag comes from Django's `x_robots_tag` decorator).
STORED_HEADERS = ("Content-Security-Policy", "X-Robots-Tag")
# With a shared cache (Redis), pages are looked up here first.
LOCAL_ALIAS = "pages_local"
# The language comes from the cookie or Accept-Language; a signed-in visitor
# is told apart by the session cookie.
SHARED_VARY = ("Accept-Language", "Cookie")
# The request headers that make a GET conditional (RFC 9110 §13.1), as WSGI names them.
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def public_page(view=None, *, query: Iterable[str] = ()):
    """`@public_page`, or `@public_page(query=("q", "page"))` for a view that
    reads those query parameters: a request naming any other is served but
    not stored."""
    known = frozenset(query)
    if view is None:
        return lambda view: _public_page(view, known)
    return _public_page(view, known)


def serves_shared_pages(view):
    """Marks `view` as one whose anonymous GETs are shared pages, which
    `revalidation.AnswerRevalidation` may answer 304 before it runs."""
    view.serves_shared_pages = True
    return view


def _public_page(view, known: frozenset[str]):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A visitor who sends no cookie has no session: not signed in, no
        # message waiting, not practising. Most readers and every crawler.
        if request.method not in ("GET", "HEAD") or (
            request.COOKIES
            and (request.user.is_authenticated or _has_messages(request) or visitors.has_own_page(request))
        ):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        with public_reads(), read_once():
            return _shared_page(request, view, args, kwargs, storable=known.issuperset(request.GET))

    return serves_shared_pages(wrapper)


def shared_response(request, build):
    """A response that is the same for everyone who asks (the read-only API,
    which reads as the public whoever sends the request): `build()` makes
    it, and it is cached, revalidated and answered 304 exactly as an
    anonymous reader's page is."""
    with public_reads(), read_once():
        return _shared_page(request, lambda request: build(), (), {}, storable=True)


def address_hash(request) -> str:
    # The whole address, host and scheme too: pages link on SITE_URL whatever
    # Host was asked for, and if one ever did not, a client naming another
    # allowed host would still only get (and fill) that host's entries.
    return hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()


def page_etag(version: int, language: str, path: str) -> str:
    """The ETag of a shared page: its content version, language and address."""
    return quote_etag(f"{version}-{language}-{path[:12]}")


def revalidate(request, etag: str, last_modified: int):
    """The 304 (or 412) for a conditional request, or None. `If-None-Match: *`
    is ignored: Django takes it to match any ETag, so it would answer 304 for
    any address, one that is a 404 or nobody's shared page included; only a
    real ETag of ours names a page."""
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        # Most requests: parsing the four absent headers was ~10 µs of a
        # page served from the cache (issue 22).
        return None
    if "*" in parse_etags(request.headers.get("if-none-match", "")):
        return None
    return get_conditional_response(request, etag=etag, last_modified=last_modified)


def _shared_page(request, view, args, kwargs, *, storable: bool):
    version, changed_at = current_version()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    path = address_hash(request)
    etag = page_etag(version, language, path)
    last_modified = int(changed_at.timestamp())
    not_modified = revalidate(request, etag, last_modified)
    if not_modified is not None:
        return mark_shared(not_modified, etag, last_modified)

    # page2: entries hold (content, type, headers); a shared cache may still
    # hold the former (content, type) pairs under page: keys.
    key = f"page2:{version}:{language}:{path}"
    local = caches[LOCAL_ALIAS] if LOCAL_ALIAS in settings.CACHES else None
    cached = local.get(key) if local is not None and storable else None
    if cached is None and storable:
        cached = cache.get(key)
        if cached is not None and local is not None:
            local.set(key, cached, settings.PUBLIC_PAGE_CACHE_SECONDS)
    if cached is not None:
        content, content_type, headers = cached
        return HttpResponse(
            content, content_type=content_type, headers=headers | shared_headers(etag, last_modified)
        )
    response = view(request, *args, **kwargs)
    if getattr(response, "is_rendered", True) is False:
        response.render()  # a TemplateResponse (the sitemap views)
    if not _is_shareable(request, response):
        patch_cache_control(response, private=True, no_cache=True)
        return response
    if not storable or len(response.content) > settings.PAGE_CACHE_MAX_ENTRY_BYTES:
        # Shared all the same (a browser or CDN may keep it), but a page this
        # size, or one per made-up parameter, would crowd out the others.
        return mark_shared(response, etag, last_modified)
    headers = {name: response[name] for name in STORED_HEADERS if name in response}
    entry = (response.content, response["Content-Type"], headers)
    cache.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
    if local is not None:
        local.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return mark_shared(response, etag, last_modified)


def _has_messages(request) -> bool:
    """A visitor with a message waiting (“You have signed out”) gets a page
    of their own, showing it; nobody else's page must."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _is_shareable(request, response) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page used a CSRF token (a form posting back): it is this
        # visitor's, never to be handed to another.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (storage is not None and storage.used)
    )


def shared_headers(etag: str, last_modified: int) -> dict[str, str]:
    """The headers `mark_shared` gives a response that has none of them: a
    page served from the cache is built with them (patching them in, parsing
    the headers it did not have, was ~20 µs of such a page, issue 22)."""
    return {
        "ETag": etag,
        "Last-Modified": _http_date(last_modified),
        "Cache-Control": _shared_cache_control(settings.CDN_MAX_AGE),
        "Vary": ", ".join(SHARED_VARY),
    }


@lru_cache(maxsize=16)
def _http_date(timestamp: int) -> str:
    # One per content version: every page of a version has the same.
    return http_date(timestamp)


def _shared_cache_control(cdn_max_age: int) -> str:
    shared = "public, max-age=0, must-revalidate"
    return f"{shared}, s-maxage={cdn_max_age}" if cdn_max_age else shared


def mark_shared(response, etag: str, last_modified: int):
    response["ETag"] = etag
    response["Last-Modified"] = _http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if settings.CDN_MAX_AGE:
        patch_cache_control(response, s_maxage=settings.CDN_MAX_AGE)
    patch_vary_headers(response, SHARED_VARY)
    return response
