"""Public answers go through the site's page cache: one content version for
the whole bank gives the ETag and Last-Modified, an unchanged bank answers
304 after one primary-key read, and a JSON answer is kept and shared like an
anonymous reader's page. Personal answers are never stored.

A miss is built inside a transaction whose statements Postgres cancels after
API_STATEMENT_TIMEOUT_MS: a request never holds a worker for long, whatever
it asks (the answer is then a 503 saying so)."""

from django.conf import settings
from django.db import router
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Schema

from questions.models import Question
from questions.public.pagecache import shared_response
from questions.public.statement_limit import TooSlow, statement_time_limit

from .schemas import Error

JSON = "application/json; charset=utf-8"


def json_response(data: Schema, status: int = 200) -> HttpResponse:
    return HttpResponse(data.model_dump_json(), content_type=JSON, status=status)


def shared_json(request, build) -> HttpResponse:
    """`build()`'s schema as JSON (or the response it made, an error),
    through the page cache, which keeps only a 200."""
    return shared_response(request, lambda: within_time(build))


def within_time(build) -> HttpResponse:
    # The database public reads use (a replica, when there are some).
    alias = router.db_for_read(Question)
    try:
        with statement_time_limit(alias, settings.API_STATEMENT_TIMEOUT_MS):
            result = build()
    except TooSlow:
        response = json_response(Error(detail="This request took too long; narrow it down."), status=503)
        response["Retry-After"] = "10"
        return response
    return result if isinstance(result, HttpResponse) else json_response(result)


def private_json(data: Schema) -> HttpResponse:
    response = json_response(data)
    patch_cache_control(response, private=True, no_store=True)
    return response
