"""The site's header and footer, which every page renders.

`{% page_url 'questions:home' %}` is `{% url %}` for their fixed links
(questions/links.py).

`{% fixed_include "includes/nav.html" %}` includes a fragment that depends on
nothing but the language and the site's addresses — the category links, the
stylesheets, the language menu. Its output is a function of the code, so it
is rendered once per language, URLconf and script prefix in each process,
like a compiled template, rather than on every page (it was a fifth of a cold
question page's Python, profiled for issue 10). It is not a cache of content:
no question, no visitor and no request reaches it (the fragment is rendered
with an empty context), so there is nothing to invalidate but the code, and
with DEBUG on it is rendered every time, so an edited template shows at once.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..links import fixed_url

register = template.Library()

_fixed_fragments: dict[tuple, str] = {}


@register.simple_tag
def page_url(name, *args):
    return fixed_url(name, *args)


@register.simple_tag
def fixed_include(template_name: str):
    key = (template_name, get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    html = _fixed_fragments.get(key)
    if html is None:
        html = mark_safe(get_template(template_name).render({}))
        if not settings.DEBUG:
            _fixed_fragments[key] = html
    return html


@receiver(setting_changed)
def _forget_fixed_fragments(**kwargs):
    # Tests switch STATIC_URL, storages or templates: the fragments with them.
    _fixed_fragments.clear()
