"""The site's header and footer, which every page renders.

`{% page_url 'questions:home' %}` is `{% url %}` for their fixed links
(questions/links.py); `{% login_url %}` the sign-in link that brings the
reader back.

`{% fixed_include "includes/head_links.html" %}` includes a fragment whose
markup depends on nothing but the language and the site's addresses — the
stylesheets, the header's links, search box and language menu. Its output is a
function of the code, so it is rendered once per language, URLconf and script
prefix in each process, like a compiled template, rather than on every page
(the header was a third of a cold question page's Python, profiled for issue
10). It is not a cache of content: it is rendered with an empty context, so
no question, visitor or request reaches it, and there is nothing to
invalidate but the code. With DEBUG on it is rendered every time, so an
edited template shows at once.

The few values that do change from page to page (the search words, the
address to come back to) are named slots:

    {% fixed_include "includes/site_header.html" search_text=search_text %}

The fragment (and whatever it includes) prints a slot as a plain `{{ search_text }}` — never tests it
or filters it: it is rendered once with a marker in its place, and each page
puts its own value, escaped, where the marker was.
"""

import re
import secrets
from urllib.parse import quote

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..links import fixed_url

register = template.Library()

# (template, slot names, language, URLconf, script prefix) -> the fragment's
# text cut at its slots: [text, slot name, text, slot name, …, text].
_fixed_fragments: dict[tuple, list[str]] = {}
_MARKER = f"qbankslot{secrets.token_hex(8)}"
_MAX_FRAGMENTS = 256


@register.simple_tag
def page_url(name, *args):
    return fixed_url(name, *args)


@register.simple_tag(takes_context=True)
def login_url(context):
    """The sign-in page, bringing the reader back to this page afterwards
    (not from the home page, nor from the account pages themselves)."""
    url = fixed_url("accounts:login")
    request = context.get("request")
    if request is None or request.path == "/":
        return url
    match = request.resolver_match
    if match is not None and match.app_name == "accounts":
        return url
    return f"{url}?next={quote(request.get_full_path(), safe='/')}"


@register.simple_tag
def fixed_include(template_name: str, **slots):
    key = (
        template_name,
        tuple(slots),
        get_language(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )
    parts = _fixed_fragments.get(key)
    if parts is None:
        parts = _cut_at_slots(template_name, slots)
        if not settings.DEBUG:
            if len(_fixed_fragments) >= _MAX_FRAGMENTS:
                _fixed_fragments.clear()  # script prefixes come from the server's environ: bounded
            _fixed_fragments[key] = parts
    html = list(parts)
    for position in range(1, len(html), 2):
        value = slots[html[position]]
        html[position] = "" if value is None else conditional_escape(value)
    return mark_safe("".join(html))


def _cut_at_slots(template_name: str, slots: dict) -> list[str]:
    markers = {f"{_MARKER}{number}x": name for number, name in enumerate(slots)}
    html = get_template(template_name).render({name: marker for marker, name in markers.items()})
    if not markers:
        return [html]
    # Split on the markers, kept: the text, then a marker, then text, ….
    parts = re.split(f"({'|'.join(markers)})", html)
    return [markers[part] if position % 2 else part for position, part in enumerate(parts)]


@receiver(setting_changed)
def _forget_fixed_fragments(**kwargs):
    # Tests switch STATIC_URL, storages or templates: the fragments with them.
    _fixed_fragments.clear()
