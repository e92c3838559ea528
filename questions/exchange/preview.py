"""What the import preview shows of a dry run: each article's parts and
questions, the Markdown beside its rendering, what would change. Plain data
(strings, lists, dicts), so that a job can build it and keep it as JSON for
the page that shows it; the HTML in it is the renderer's (sanitized) and
the diff's output."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..keypoints.parse import parse_key_points
from ..markdown import MarkdownTooSlow, render_markdown
from ..models import markdown_too_slow_message
from ..solutions.html import render_solutions
from .key_points_html import key_points_html

STATE_LABELS = {
    "created": gettext_lazy("new"),
    "updated": gettext_lazy("changed"),
    "unchanged": gettext_lazy("unchanged"),
    "kept": gettext_lazy("edited on the web since the last import"),
}


def rendered(text: str) -> str:
    try:
        return str(render_markdown(text))
    except MarkdownTooSlow:
        return str(format_html('<p class="errornote">{}</p>', markdown_too_slow_message()))


def _shown(*labelled_texts) -> list[tuple]:
    """(label, Markdown, its HTML) of each labelled text that is not empty."""
    return [(label, text, rendered(text)) for label, text in labelled_texts if text]


def _tag_names(parsed, state: str, question) -> list[str]:
    """The tags the question will have: the file's when it states them
    (an import sets them), else the ones it has (prefetched by the import's
    lookup; a new question has none)."""
    if parsed.tags is not None:
        return list(dict.fromkeys(parsed.tags))
    if state == "created":
        return []
    return sorted(tag.name for tag in question.tags.all())


def article_preview(report, *, on_question=None) -> dict:
    """One article of a dry run (`ArticleReport`), as the preview page shows it."""
    article = report.article
    parts = _shown(
        (_("Introduction"), article.intro),
        (_("Conclusion"), article.conclusion),
        (_("Appendix"), article.appendix),
    )
    questions = []
    conflicts = {key for key, _parsed, _question in report.conflicts}
    for parsed, state, question in report.items:
        key = report.key(parsed)
        fields = _shown(
            (_("Prompt"), parsed.body),
            (_("Answer"), parsed.answer),
            (_("Explanation"), parsed.explanation),
            (_("Editor's note"), parsed.editor_note),
        )
        if parsed.key_points:  # checked by the parser: it parses
            points = parse_key_points(parsed.key_points)
            fields.append((_("Key points"), parsed.key_points, key_points_html(points)))
        if parsed.solutions:  # checked by the parser too
            fields.append((_("Solutions by language"), parsed.solutions, render_solutions(parsed.solutions)))
        questions.append(
            {
                "position": parsed.position,
                "title": parsed.title,
                "line": parsed.line,
                "category": str(question.category.label),
                "category_inferred": parsed.category_inferred,
                "difficulty": str(question.get_difficulty_display()),
                "tags": _tag_names(parsed, state, question),
                "state": state,
                "state_label": str(STATE_LABELS[state]),
                "fields": fields,
                "key": key,
                "changes": [
                    {"label": str(change.label), "old": change.old, "new": change.new, "diff": change.diff}
                    for change in report.changes.get(key, [])
                ],
                "conflict": key in conflicts,
            }
        )
        if on_question:
            on_question()
    return {
        "title": report.title,
        "source_state": str(STATE_LABELS.get(report.source_state, "")),
        "parts": parts,
        "questions": questions,
        "warnings": [str(warning) for warning in report.warnings()],
        "counts": str(report.counts()),
    }
