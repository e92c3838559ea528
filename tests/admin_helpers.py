"""Build the POST data the question admin's change form sends."""

from questions.models import Question


def change_url(question) -> str:
    return f"/admin/questions/question/{question.pk}/change/"


def form_data(question: Question, **overrides) -> dict:
    data = {
        "title": question.title,
        "slug": question.slug,
        "category": question.category_id,
        "difficulty": question.difficulty,
        "tags": [tag.pk for tag in question.tags.all()],
        "version": question.version,
        "body": question.body,
        "answer": question.answer,
        "explanation": question.explanation,
        "editor_note": question.editor_note,
        "key_points": question.key_points,
        "solutions": question.solutions,
        "source": question.source_id or "",
        "source_position": question.source_position or "",
        "author": question.author_id or "",
    }
    data.update(overrides)
    return data


def version_in_form(response) -> int:
    """The version the re-displayed change form will send back."""
    return int(response.context["adminform"].form["version"].value())
