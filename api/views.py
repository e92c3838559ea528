"""The API's pages for people: the documentation page (built from the
OpenAPI schema, readable without JavaScript) and the account page's tokens
(make one, see it once, revoke it)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import tokens
from .forms import NewTokenForm
from .v1 import openapi_schema


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
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "personal": bool(operation.get("security")),
                "parameters": [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "description": p.get("description", ""),
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
