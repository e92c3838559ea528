"""`{% search_result item %}`: one row of the search results page, rendered
in Python.

The page shows 20 rows, each with a category, a difficulty and its tags;
as an `{% include %}` per row (and another for the badges) the template
engine spent more time on them than the search itself took. The markup is
`includes/question_badges.html`'s, which the other lists use: change both
together.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def search_result(context, item):
    question = item.question
    urls = context.render_context.setdefault("search_result_tag_urls", {})
    category = question.category
    draft = ""
    if not question.is_published:
        draft = format_html('<span class="badge badge-draft">{}</span>', question.get_status_display())
    tags = format_html_join(
        "",
        '<a class="badge badge-tag" href="{}">#{}</a>',
        ((_tag_url(urls, tag), tag.name) for tag in question.tags.all()),
    )
    snippet = format_html('\n  <p class="snippet">{}</p>', item.snippet_html) if item.snippet_html else ""
    return format_html(
        '<li class="result">\n'
        '  <h2 class="result-title"><a href="{}">{}</a></h2>\n'
        '  <p class="meta"><a class="badge badge-category" href="{}">{}</a><span class="badges">'
        '{}<span class="badge badge-{}">{}</span>{}</span></p>{}\n'
        "</li>",
        question.get_absolute_url(),
        item.title_html,
        category.get_absolute_url(),
        category.label,
        draft,
        question.difficulty,
        question.get_difficulty_display(),
        tags,
        snippet,
    )


def _tag_url(urls: dict, tag) -> str:
    # A tag recurs on many rows of a page: reverse() it once.
    if tag.slug not in urls:
        urls[tag.slug] = reverse("questions:tag", args=[tag.slug])
    return urls[tag.slug]
