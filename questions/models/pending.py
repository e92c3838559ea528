"""Pending revisions: the next text of a published question, waiting for a
publisher's approval while the public keeps reading the live text.

A row of its own rather than a second Question row: every public path (pages,
search documents computed by triggers from the question row, exports, feeds)
reads `Question` only, so a pending revision cannot leak by a forgotten
filter. At most one is open per question; approval copies it onto the
question in one transaction and deletes it (see `questions.editorial.pending`).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import Versioned, markdown_length
from .history import LeanM2MHistoricalRecords
from .question import KEY_POINTS_HELP, KEY_POINTS_VALIDATORS, SOLUTIONS_HELP, SOLUTIONS_VALIDATORS, Question
from .taxonomy import Category, Tag

# The longest change reason django-simple-history stores with a revision.
MAX_REASON_LENGTH = 100


# In a name of its own so that a save and its tags make one record
# (`questions.editorial.pending.save_pending`).
PENDING_HISTORY = LeanM2MHistoricalRecords(m2m_fields=["tags"])


class PendingRevisionQuerySet(models.QuerySet):
    def for_question(self, question):
        return self.filter(question=question).select_related("author").prefetch_related("writers").first()


class PendingRevision(Versioned):
    # The fields a pending revision carries, copied onto the question on
    # approval. Slug, article and position stay: public URLs do not move.
    CONTENT_FIELDS = (
        "title", "category", "difficulty", "body", "answer", "explanation", "editor_note", "key_points",
        "solutions",
    )  # fmt: skip
    # What django-simple-history reads when questions/pending.py saves one.
    skip_history_when_saving: bool
    _change_reason: str
    _history_user: Any

    question = models.OneToOneField(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="pending_revision"
    )
    title = models.CharField(_("title"), max_length=300)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Question.Difficulty.choices)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")
    body = models.TextField(_("prompt"), blank=True, help_text=_("Markdown."), validators=[markdown_length])
    answer = models.TextField(_("answer"), help_text=_("Markdown."), validators=[markdown_length])
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Markdown."), validators=[markdown_length]
    )
    editor_note = models.TextField(_("editor's note"), blank=True, help_text=_("Markdown."))
    key_points = models.TextField(
        _("key points"),
        blank=True,
        default="",
        db_default="",
        help_text=KEY_POINTS_HELP,
        validators=KEY_POINTS_VALIDATORS,
    )
    solutions = models.TextField(
        _("solutions"),
        blank=True,
        default="",
        db_default="",
        help_text=SOLUTIONS_HELP,
        validators=SOLUTIONS_VALIDATORS,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Everyone who saved it, the first save included: four eyes means none of
    # them approves it (`policies.can_approve_revision`), not only the last
    # saver, who may have changed one character of someone else's text.
    writers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), blank=True, related_name="+"
    )
    # The question's version the revision was written against: approval is
    # refused if the live question moved on since.
    base_version = models.PositiveIntegerField(_("based on version"))
    reason = models.CharField(_("why"), max_length=MAX_REASON_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = PendingRevisionQuerySet.as_manager()
    # The pending line of a question's history (its saves, with their reasons).
    history = PENDING_HISTORY

    class Meta:
        verbose_name = _("pending revision")
        verbose_name_plural = _("pending revisions")

    def __str__(self) -> str:
        return self.title

    def written_by(self, user) -> bool:
        """Whether `user` saved any part of this revision."""
        if user.pk is None:
            return False
        return self.author_id == user.pk or any(writer.pk == user.pk for writer in self.writers.all())

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    @classmethod
    def from_live(cls, question, author):
        """A new pending revision holding the live text (unsaved; tags apart)."""
        values = {name: getattr(question, name) for name in cls.CONTENT_FIELDS}
        return cls(question=question, author=author, base_version=question.version, **values)
