"""The API's pages for people: the documentation page (built from the
OpenAPI schema, readable without JavaScript) and the account page's tokens
(make one, see it once, revoke it)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import tokens
from .forms import NewTokenForm
from .v1 import openapi_schema

# What the docs page says of each endpoint and parameter, in the reader's
# language (the schema's own descriptions are English, for programs).
SUMMARIES = {
    "/api/v1/questions": gettext_lazy(
        "Published questions, newest first, or a search: the filters, order and results of the site's search page."
    ),
    "/api/v1/search": gettext_lazy(
        "A search, ranked as on the site: the list above with the query required."
    ),
    "/api/v1/questions/{question_id}": gettext_lazy(
        "One published question by id: its texts as Markdown and as HTML, its key points, category, tags and source."
    ),
    "/api/v1/questions/by-slug/{slug}": gettext_lazy("The same by the question's slug (its page's address)."),
    "/api/v1/categories": gettext_lazy("Every category with its number of published questions."),
    "/api/v1/tags": gettext_lazy("The tags of published questions, most used first."),
    "/api/v1/sources": gettext_lazy("The source articles with at least one published question."),
    "/api/v1/me/progress": gettext_lazy("Your cards by state, how many are due, and your reviews."),
    "/api/v1/me/cards": gettext_lazy("Your cards, soonest due first, with their reviews."),
    "/api/v1/me/bookmarks": gettext_lazy("Your bookmarked questions, newest first."),
}
PARAMETERS = {
    "page": gettext_lazy("Page number, from 1; past the last page, the last page."),
    "page_size": gettext_lazy("Items a page, 1 to 100 (default 20)."),
    "q": gettext_lazy("Search text, as typed in the site's search box (at most 200 characters)."),
    "category": gettext_lazy("A category's slug."),
    "difficulty": gettext_lazy("easy, medium or hard."),
    "tag": gettext_lazy("A tag's slug; repeat it for several (a question must carry every one)."),
    "source": gettext_lazy("A source article's slug."),
    "sort": gettext_lazy("relevance, newest or title; by default relevance with a query, else newest."),
    "question_id": gettext_lazy("The question's id."),
    "slug": gettext_lazy("The question's slug."),
}


def _operations(schema: dict) -> list[dict]:
    """Each path's GET operation, as the docs page lists it."""
    operations = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        operations.append(
            {
                "path": path,
                "summary": SUMMARIES.get(path, operation.get("summary", "")),
                "personal": bool(operation.get("security")),
                "parameters": [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "description": PARAMETERS.get(p["name"], p.get("description", "")),
                    }
                    for p in operation.get("parameters", [])
                ],
            }
        )
    return operations


@require_safe
def docs(request):
    return render(
        request,
        "api/docs.html",
        {
            "operations": _operations(openapi_schema()),
            "rate_limit": settings.API_RATE_LIMIT,
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


@never_cache
@login_required
@require_POST
def create_token(request):
    form = NewTokenForm(request.POST)
    if not form.is_valid():
        return render(request, "api/token_new.html", {"form": form}, status=400)
    try:
        token, secret = tokens.create_token(request.user, form.cleaned_data["name"])
    except tokens.TooManyTokens:
        form.add_error(None, _("You have as many tokens as one person may keep: revoke one first."))
        return render(request, "api/token_new.html", {"form": form}, status=400)
    # Shown on this response only (never_cache: no-store), never stored in the clear.
    return render(request, "api/token_created.html", {"token": token, "secret": secret})


@login_required
@require_POST
def revoke_token(request, token_id: int):
    if tokens.revoke_token(request.user, token_id):
        messages.success(request, _("The token was revoked: it no longer opens anything."))
    return redirect("accounts:account")
