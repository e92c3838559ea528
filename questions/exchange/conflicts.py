"""Imports that respect edits made in the admin.

An article import remembers the version it left each question at
(`Question.imported_version`). When the article is imported again, a
question whose text has changed since that revision was edited on the web:
the import does not overwrite it unasked, but keeps the web edit, takes the
file's text, or fails with the list, per question.
"""

from django.utils.translation import gettext as _

from questions.editorial.revisions import snapshot
from questions.models import Question

KEEP, TAKE, FAIL = "keep", "take", "fail"
CONFLICT_CHOICES = (KEEP, TAKE, FAIL)
# What an import may change in a question, and so what a web edit of it conflicts with.
IMPORTED_FIELDS = ("title", "category", "difficulty", "tags", "body", "answer", "explanation")


class ImportConflicts(Exception):
    """Questions edited in the admin since their article was last imported,
    which the import was told not to resolve by itself."""

    def __init__(self, conflicts):
        self.conflicts = conflicts  # (report, parsed question, question)
        super().__init__(self.describe())

    def lines(self) -> list[str]:
        return [
            _("%(origin)s:%(line)s: “%(title)s” was edited in the admin since the article was last imported")
            % {"origin": report.article.origin, "line": parsed.line, "title": question.title}
            for report, parsed, question in self.conflicts
        ]

    def describe(self) -> str:
        return "\n".join(self.lines())


def mark_imported(question: Question) -> None:
    """Remember the version this import left: a later edit in the admin is
    then told apart from the article's text (an UPDATE: no new version)."""
    question.imported_version = question.version
    Question.objects.filter(pk=question.pk).update(imported_version=question.version)


def edited_since_import(question: Question, fields=IMPORTED_FIELDS) -> bool:
    """Was the question's text changed since the article was last imported?

    Compared with the revision the last import left (or, for questions
    imported before that was recorded, the first revision), field by field:
    a workflow step moves the version on but is no edit."""
    history = question.history.all()
    if question.imported_version is not None:
        base = history.filter(version=question.imported_version).order_by("-history_id").first()
    else:
        base = history.order_by("history_id").first()
    if base is None:
        return False
    base_tags = [through.tag.name for through in base.tags.select_related("tag")]
    then = snapshot(Question, base, tags=base_tags, fields=fields)
    return then != snapshot(Question, question, fields=fields)
