"""`{% page_url 'questions:home' %}`: `{% url %}` for the fixed links of the
site's header and footer, which every page renders (questions/links.py)."""

from django import template

from ..links import fixed_url

register = template.Library()


@register.simple_tag
def page_url(name, *args):
    return fixed_url(name, *args)
