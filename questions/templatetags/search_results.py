"""`{% search_result item %}`: one row of the search results page, rendered
in Python.

The page shows 20 rows, each with a category, a difficulty and its tags;
as an `{% include %}` per row (and another for the badges) the template
engine spent more time on them than the search itself took. The badges are
`question_tags`' (the markup every list shares); the rest is escaped with
the standard library's `html.escape` (what Django's `escape` calls, without
its lazy-string wrapper, which cost more than the escaping on this page).
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .question_tags import question_badges

register = template.Library()


@register.simple_tag
def search_result(item):
    question = item.question
    category = question.category
    # A search's title and snippet come highlighted (safe strings); a plain
    # list's title is plain text, escaped here as the template would.
    title = conditional_escape(item.title_html)
    snippet = (
        f'\n  <p class="snippet">{conditional_escape(item.snippet_html)}</p>' if item.snippet_html else ""
    )
    return mark_safe(
        '<li class="result">\n'
        f'  <h2 class="result-title"><a href="{escape(question.get_absolute_url())}">{title}</a></h2>\n'
        f'  <p class="meta"><a class="badge badge-category" href="{escape(category.get_absolute_url())}">'
        f"{escape(str(category.label))}</a>{question_badges(question)}</p>{snippet}\n"
        "</li>"
    )
