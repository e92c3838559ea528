"""A revisit of a shared public page answered before anything is built.

A browser or CDN that holds a page asks again with its ETag (If-None-Match).
When the request carries no cookie at all — no session, so the visitor
would get the shared page — and the ETag names the current content version,
the reader's language and this very address, the answer is 304 at once:
no session, no user, no URL resolution, no view (issue 22: a 304 cost as
much as a 200). Anything else goes on to the page (`pagecache.public_page`
answers the revisits of visitors with cookies).

Only for addresses whose view serves shared pages (`@public_page`, the
public API: `pagecache.serves_shared_pages`), found by resolving the path
(~40 µs, only for a conditional request without cookies): /static/, /media/,
/admin/, /accounts/, /api/v1/me/, a 404 are passed on untouched, without
reading the content version. `If-None-Match: *` is ignored (Django takes it
to match any ETag); only a real ETag of ours can match.

The ETag hashes the full address, so a 304 is only ever given for an
address whose page had that ETag; a forged one for any other shared page
is a 304 with no content, which discloses nothing.
"""

from django.http import HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import parse_etags

from .held_version import current_version
from .pagecache import address_hash, mark_shared, page_etag, revalidate
from .replicas import public_reads


class AnswerRevalidation:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and "if-none-match" in request.headers
            and not request.COOKIES
            and "*" not in parse_etags(request.headers["if-none-match"])
            and _serves_shared_pages(request.path_info)
        ):
            answer = _not_modified(request)
            if answer is not None:
                return answer
        return self.get_response(request)


def _serves_shared_pages(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "serves_shared_pages", False)


def _not_modified(request) -> HttpResponseNotModified | None:
    # The language LocaleMiddleware would choose (no cookie: Accept-Language).
    language = translation.get_language_from_request(request)
    with public_reads():
        version, changed_at = current_version()
    etag = page_etag(version, language, address_hash(request))
    last_modified = int(changed_at.timestamp())
    response = revalidate(request, etag, last_modified)
    if response is None or response.status_code != 304:
        return None
    response = mark_shared(response, etag, last_modified)
    response["Content-Language"] = language
    return response
