"""The site's header and footer, which every page renders.

`{% page_url 'questions:home' %}` is `{% url %}` for their fixed links
(questions/links.py); `{% login_url %}` the sign-in link that brings the
reader back, `{% signup_url %}` the sign-up link that does the same.

Most of what every page shows above its content — the stylesheets, the
brand, the categories, the search box and the language menu — depends on
nothing but the language and the site's addresses, and is kept with Django's
`{% cache %}` in the `template_fragments` cache (qbank/settings.py), keyed by
`LANGUAGE_CODE` and `{% site_addresses %}`; the values that differ from page
to page (the search words, the page to come back to) are printed between the
cached blocks (templates/includes/site_header.html).
"""

import contextlib
from urllib.parse import quote

from django import template
from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf

from ..links import fixed_url

register = template.Library()


@register.simple_tag
def page_url(name, *args):
    return fixed_url(name, *args)


@register.simple_tag
def site_addresses():
    """What the header's links depend on besides the language — the URLconf
    (a request may carry its own) and the script prefix (a proxy's
    SCRIPT_NAME) — as a key for `{% cache %}`."""
    return f"{get_urlconf() or settings.ROOT_URLCONF} {get_script_prefix()}"


@register.simple_tag(takes_context=True)
def login_url(context):
    """The sign-in page, bringing the reader back to this page afterwards
    (not from the home page, nor from the account pages themselves)."""
    return _coming_back(context, fixed_url("accounts:login"))


@register.simple_tag(takes_context=True)
def signup_url(context):
    """The sign-up page, bringing the new candidate back to this page (the
    practice they were doing as a guest), like `login_url`."""
    return _coming_back(context, fixed_url("accounts:signup"))


def _coming_back(context, url: str) -> str:
    request = context.get("request")
    if request is None or request.path == "/":
        return url
    match = request.resolver_match
    if match is not None and match.app_name == "accounts":
        return url
    return f"{url}?next={quote(request.get_full_path(), safe='/')}"


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    # Tests switch STATIC_URL, storages or templates: the cached markup with them.
    with contextlib.suppress(InvalidCacheBackendError):
        caches["template_fragments"].clear()
