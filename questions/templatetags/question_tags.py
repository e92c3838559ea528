"""Question lists, badges and answers, rendered in Python.

Every list page (home, category, tag, search, source, practice) shows the
same badges for tens of questions. As `{% include %}` templates they cost a
context push, a dozen variable lookups and a `reverse()` per question and per
tag — most of a cold category page's time (profiled for issue 10). Built here
with `format_html`, which escapes every value, the same markup costs a
fraction. The markup is the one the templates had.
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..links import slug_urls
from ..models import Question

register = template.Library()


@lru_cache(maxsize=16)
def labels(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """The difficulty and status labels in `language`: translated once per
    process and language rather than once per question."""
    return (
        {value: str(label) for value, label in Question.Difficulty.choices},
        {value: str(label) for value, label in Question.Status.choices},
    )


def _tag_links(question, tag_url):
    """(address, name) of each tag: from `tag_list` when the query read it
    (`with_tag_list()`, addressed by `tag_url`), else from the (prefetched)
    relation."""
    tag_list = getattr(question, "tag_list", None)
    if tag_list is not None:
        return ((tag_url(tag["slug"]), tag["name"]) for tag in tag_list)
    return ((tag.get_absolute_url(), tag.name) for tag in question.tags.all())


def badges_html(question, *, preview, difficulties, statuses, tag_url, hide_difficulty=False) -> str:
    """`question_badges`, for a list of questions: the labels (`labels()`)
    and the tags' `slug_urls()` looked up once for the list."""
    # Escaped by the standard library's `html.escape` (what Django's `escape`
    # calls): `format_html` per badge cost more than the rest of a result row.
    parts = []
    if not question.is_published and not preview:
        parts.append(f'<span class="badge badge-draft">{escape(statuses[question.status])}</span>')
    if not hide_difficulty:
        difficulty = question.difficulty
        parts.append(
            f'<span class="badge badge-{escape(difficulty)}">{escape(difficulties[difficulty])}</span>'
        )
    parts.append(
        "".join(
            f'<a class="badge badge-tag" href="{escape(url)}">#{escape(name)}</a>'
            for url, name in _tag_links(question, tag_url)
        )
    )
    return mark_safe('<span class="badges">\n  ' + "\n  ".join(parts) + "\n</span>")


@register.simple_tag
def question_badges(question, preview=False, hide_difficulty=False):
    """The status (unpublished questions only, unless previewing), the
    difficulty (unless hidden: a learner may not want the hint) and the tags
    (`with_tag_list()` or prefetched) of `question`."""
    difficulties, statuses = labels(get_language())
    return badges_html(
        question,
        preview=preview,
        difficulties=difficulties,
        statuses=statuses,
        tag_url=slug_urls("questions:tag"),
        hide_difficulty=hide_difficulty,
    )


@register.simple_tag
def question_items(questions):
    """One `<li>` per question: its title linking to it, and its badges."""
    difficulties, statuses = labels(get_language())
    tag_url = slug_urls("questions:tag")
    return format_html_join(
        "",
        '<li class="question-item">\n  <a href="{}">{}</a>\n  {}\n</li>',
        (
            (
                q.get_absolute_url(),
                q.title,
                badges_html(q, preview=False, difficulties=difficulties, statuses=statuses, tag_url=tag_url),
            )
            for q in questions
        ),
    )


def _reveal(kind: str, label: str, html: str) -> str:
    if not html:
        return ""
    return format_html(
        '<details class="reveal reveal-{}">\n  <summary>{}</summary>\n  <div class="prose">{}</div>\n</details>',
        kind,
        label,
        mark_safe(html),  # rendered from Markdown and sanitized on save (questions/markdown/renderer.py)
    )


def key_points_checklist(points) -> str:
    """The key points as the checklist a reader ticks off in their head (the
    markup of includes/key_point_checklist.html, built here like the rest)."""
    if not points:
        return ""
    essential = _("essential")
    items = format_html_join(
        "\n",
        '<li class="key-point"><span class="key-point-mark" aria-hidden="true">☐</span> {}{}</li>',
        (
            (
                point.statement,
                format_html(' <span class="badge badge-essential">{}</span>', essential)
                if point.essential
                else "",
            )
            for point in points
        ),
    )
    return format_html('<ul class="key-point-list">\n{}\n</ul>', items)


@register.simple_tag
def question_reveals(question):
    """The answer, its solutions by language, its key points, the explanation and the editor's note, each
    behind its own closed `<details>`: the reader tries first, then looks. The editor's note
    often corrects the answer, so it is a spoiler too, and comes last."""
    return mark_safe(
        "\n".join(
            part
            for part in (
                _reveal("answer", _("Answer"), question.answer_html),
                _reveal("solutions", _("Solutions by language"), question.solutions_html),
                _reveal("key-points", _("Key points"), key_points_checklist(question.parsed_key_points())),
                _reveal("explanation", _("Explanation"), question.explanation_html),
                _reveal("editor-note", _("Editor's note"), question.editor_note_html),
            )
            if part
        )
    )
