"""The account page's "API tokens" section (accounts.account_page)."""

from .forms import NewTokenForm
from .models import ApiToken


def account_section(request) -> dict:
    return {"tokens": list(ApiToken.objects.of(request.user)), "form": NewTokenForm()}
