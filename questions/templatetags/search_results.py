"""`{% search_results items %}`: the rows of the search results page,
rendered in Python.

The page shows 20 rows, each with a category, a difficulty and its tags;
as an `{% include %}` per row (and another for the badges) the template
engine spent more time on them than the search itself took. The badges are
`question_tags`' (the markup every list shares); the rest is escaped with
the standard library's `html.escape` (what Django's `escape` calls, without
its lazy-string wrapper, which cost more than the escaping on this page).
The addresses and labels are looked up once for the page, not per row.
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..links import slug_urls
from .question_tags import badges_html, labels

register = template.Library()


@register.simple_tag
def search_results(items):
    difficulties, statuses = labels(get_language())
    question_url, category_url, tag_url = (
        slug_urls(name) for name in ("questions:detail", "questions:category", "questions:tag")
    )
    categories: dict[int, str] = {}
    rows = []
    for item in items:
        question = item.question
        category = question.category
        link = categories.get(category.pk)
        if link is None:
            link = categories[category.pk] = (
                f'<a class="badge badge-category" href="{escape(category_url(category.slug))}">'
                f"{escape(str(category.label))}</a>"
            )
        badges = badges_html(
            question, preview=False, difficulties=difficulties, statuses=statuses, tag_url=tag_url
        )
        # A search's title and snippet come highlighted (safe strings); a plain
        # list's title is plain text, escaped here as the template would.
        title = conditional_escape(item.title_html)
        snippet = (
            f'\n  <p class="snippet">{conditional_escape(item.snippet_html)}</p>' if item.snippet_html else ""
        )
        rows.append(
            '<li class="result">\n'
            f'  <h2 class="result-title"><a href="{escape(question_url(question.slug))}">{title}</a></h2>\n'
            f'  <p class="meta">{link}{badges}</p>{snippet}\n'
            "</li>"
        )
    return mark_safe("".join(rows))
