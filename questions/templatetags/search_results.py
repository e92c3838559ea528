"""`{% search_result item %}`: one row of the search results page, rendered
in Python.

The page shows 20 rows, each with a category, a difficulty and its tags;
as an `{% include %}` per row (and another for the badges) the template
engine spent more time on them than the search itself took. The markup is
`includes/question_badges.html`'s, which the other lists use: change both
together. Plain values are escaped with the standard library's
`html.escape` (what Django's `escape` calls, without its lazy-string
wrapper, which cost more than the escaping on this page).
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def search_result(context, item):
    question = item.question
    urls = context.render_context.setdefault("search_result_tag_urls", {})
    category = question.category
    badges = []
    if not question.is_published:
        badges.append(f'<span class="badge badge-draft">{escape(str(question.get_status_display()))}</span>')
    badges.append(
        f'<span class="badge badge-{escape(question.difficulty)}">'
        f"{escape(str(question.get_difficulty_display()))}</span>"
    )
    for tag in question.tags.all():
        badges.append(
            f'<a class="badge badge-tag" href="{escape(_tag_url(urls, tag))}">#{escape(tag.name)}</a>'
        )
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
        f'{escape(str(category.label))}</a><span class="badges">{"".join(badges)}</span></p>{snippet}\n'
        "</li>"
    )


def _tag_url(urls: dict, tag) -> str:
    # A tag recurs on many rows of a page: reverse() it once.
    if tag.slug not in urls:
        urls[tag.slug] = reverse("questions:tag", args=[tag.slug])
    return urls[tag.slug]
