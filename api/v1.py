"""The read-only JSON API, version 1, under /api/v1/ (docs/api.md).

django-ninja builds it: the answers are the pydantic models of schemas.py
(pydantic is already a dependency), the OpenAPI schema comes from the same
function signatures, and only GET and HEAD are routed (anything else: 405).
Every operation is limited per client address (`accounts.throttle`)."""

import threading
from functools import cache

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.throttling import BaseThrottle

from accounts import throttle

from . import personal, public


class PerAddress(BaseThrottle):
    """API_RATE_LIMIT requests a minute from one address (the address as the
    sign-in limits see it, behind TRUSTED_PROXY_COUNT proxies)."""

    WINDOW_SECONDS = 60

    def __init__(self):
        # One instance serves every thread: wait() reads what this thread's
        # allow_request() saw.
        self._seen = threading.local()

    def allow_request(self, request) -> bool:
        allowed, self._seen.left = throttle.allow_often(
            request, "api", settings.API_RATE_LIMIT, self.WINDOW_SECONDS
        )
        return allowed

    def wait(self) -> float | None:
        return getattr(self._seen, "left", self.WINDOW_SECONDS)


api = NinjaAPI(
    title="qbank API",
    version="1",
    description="The published questions of the bank, read-only; and, with a personal token, your own practice.",
    urls_namespace="api-v1",
    # The schema and the docs page are qbank's own views (below, and
    # views.py): no script from a CDN, and a page that reads without one.
    openapi_url=None,
    docs_url=None,
    throttle=[PerAddress()],
)
api.add_router("", public.router)
api.add_router("", personal.router)


@cache
def openapi_schema() -> dict:
    """Built once per process: it depends on the code alone."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    schema["servers"] = [{"url": settings.SITE_URL.rstrip("/")}]
    return dict(schema)


@require_safe
def openapi_json(request):
    response = JsonResponse(openapi_schema(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response
