"""Questions (their querysets are in `question_queries.py`)."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..keypoints.parse import MAX_KEY_POINTS_LENGTH, KeyPointsError, parse_key_points
from ..keypoints.points import KeyPoint
from ..links import slug_url
from ..quality.checks import ISSUE_LABELS, check_question, issue_codes
from ..quality.links import LinkTargets
from ..solutions.html import markdown_sources, parsed_or_nothing, solutions_markup
from ..solutions.parse import MAX_SOLUTIONS_LENGTH, Solution, SolutionsError, parse_solutions
from .base import (
    RendersMarkdown,
    Versioned,
    markdown_length,
    plain_newlines,
    unique_slug,
)
from .history import BothSidesHistoricalRecords
from .link_targets import public_link_targets
from .question_queries import QuestionQuerySet, QuestionStatus
from .source import Source
from .taxonomy import Category, Tag

# Revisions keep the Markdown an editor wrote; rendered HTML is derived from it.
_DERIVED_FIELDS = [
    "body_html", "answer_html", "explanation_html", "editor_note_html", "solutions_html", "quality_issues",
]  # fmt: skip

# In a name of its own so that `revisions.record_revision` can ask it to
# record an object directly.
# The import bookkeeping is not content either.
QUESTION_HISTORY = BothSidesHistoricalRecords(
    excluded_fields=[*_DERIVED_FIELDS, "imported_version"], m2m_fields=["tags"]
)


def validate_key_points(text: str) -> None:
    """The key points parse (the error names the line at fault)."""
    try:
        parse_key_points(text)
    except KeyPointsError as error:
        raise ValidationError(str(error), code="key_points") from None


# Shared with PendingRevision: the field as editors see it.
KEY_POINTS_HELP = _(
    "What a strong answer covers, one point a line: “! statement | phrasing; 另一种说法”. "
    "“!” marks an essential point; after “|” come the phrasings that also count as covering it, "
    "separated by “;”; a line starting with “|” adds phrasings to the point above. "
    "Candidates see them as a checklist after the reveal."
)
KEY_POINTS_VALIDATORS: list[Callable[[str], None]] = [
    MaxLengthValidator(MAX_KEY_POINTS_LENGTH),
    validate_key_points,
]


def validate_solutions(text: str) -> None:
    """The solutions parse (the error names the line at fault)."""
    try:
        parse_solutions(text)
    except SolutionsError as error:
        raise ValidationError(str(error), code="solutions") from None


# Shared with PendingRevision: the field as editors see it.
SOLUTIONS_HELP = _(
    "Solutions in several programming languages, for coding questions: one fenced code block a "
    "language (```python, ```cpp, ```java, ```go, ```javascript…), each with an optional short "
    "note above it. Readers see them as tabs and keep the language they chose."
)
SOLUTIONS_VALIDATORS: list[Callable[[str], None]] = [
    MaxLengthValidator(MAX_SOLUTIONS_LENGTH),
    validate_solutions,
]


class Question(RendersMarkdown, Versioned):
    # Read by `neighbours()` where `with_neighbours()` annotated them.
    previous_link: dict[str, str] | None
    following_link: dict[str, str] | None
    last_verified_at: datetime | None

    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    Status = QuestionStatus

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    body = models.TextField(
        _("prompt"),
        blank=True,
        help_text=_("Markdown. Details of the question beyond its title; may be empty."),
        validators=[markdown_length],
    )
    answer = models.TextField(_("answer"), help_text=_("Markdown."), validators=[markdown_length])
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Markdown."), validators=[markdown_length]
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("Markdown. Corrections and caveats, shown apart from the source's own text."),
        validators=[markdown_length],
    )
    # A database default too: bulk loads that COPY named columns (the
    # benchmarks', a restore of an older dump) need not know the column.
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
    body_html = models.TextField(editable=False, blank=True)
    answer_html = models.TextField(editable=False, blank=True)
    explanation_html = models.TextField(editable=False, blank=True)
    editor_note_html = models.TextField(editable=False, blank=True)
    solutions_html = models.TextField(editable=False, blank=True, default="", db_default="")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    source_position = models.PositiveIntegerField(_("position in source"), null=True, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="questions")
    # The version an article import last left the question at: text changed
    # since (compared with that revision) is a web edit an import must not
    # overwrite silently (see `questions.exchange.articles`).
    imported_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # What questions.quality.checks found at the last save (kinds only; the
    # change form shows the details): the changelist filters on it without
    # parsing anything. `manage.py check_quality` recomputes it.
    quality_issues = ArrayField(
        models.CharField(max_length=40, choices=list(ISSUE_LABELS.items())),
        verbose_name=_("quality issues"),
        default=list,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = QuestionQuerySet.as_manager()
    history = QUESTION_HISTORY

    MARKDOWN_FIELDS = ("body", "answer", "explanation", "editor_note")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [
            ("submit_question", _("Can submit questions for review")),
            ("publish_question", _("Can publish, unpublish and archive questions")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_position"],
                name="question_unique_position_in_source",
            ),
        ]
        indexes = [
            # Category pages: published questions of one category.
            models.Index(
                fields=["category", "source_position"],
                name="question_published_by_cat",
                condition=Q(status="published"),
            ),
            # /search/ (with or without a query) and tag pages, newest first, for the public.
            models.Index(
                fields=["-created_at", "-id"],
                name="question_published_newest",
                condition=Q(status="published"),
            ),
            # The home page's first questions of each category and the category
            # pages, in reading order: an ordered index scan that stops after
            # a page, instead of sorting a category's 25,000 rows at 100,000.
            models.Index(
                F("category_id"),
                F("source_id").asc(nulls_last=True),
                F("source_position").asc(nulls_last=True),
                F("id"),
                name="question_published_reading",
                condition=Q(status="published"),
            ),
            # A search's "which of these matches are published" (the public's
            # `IN (published ids)` in questions/models/search.py): one
            # index-only probe per match, where the primary key made a heap
            # fetch each (counting 1,001 title matches of 模型: 8 ms -> 1.4).
            # With the category, also the progress page's pass over a learner's
            # cards (practice.progress.card_counts): a probe per card, index-only,
            # where Postgres hashed every published question (2,000 cards of
            # 100,000 questions: 18.4 -> 6.6 ms of Postgres CPU).
            models.Index(
                fields=["id"],
                include=["category_id"],
                name="question_published_ids",
                condition=Q(status="published"),
            ),
            # The Atom feed (questions/feeds.py): the latest published.
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="question_published_latest",
                condition=Q(status="published"),
            ),
            # /search/?sort=title, for the public.
            models.Index(
                fields=["title", "id"],
                name="question_published_by_title",
                condition=Q(status="published"),
            ),
            # The admin changelist's "needs attention" filter, newest edits first.
            models.Index(
                fields=["-updated_at"],
                name="question_needs_attention",
                condition=~Q(quality_issues=[]),
            ),
            # The dashboard's "awaiting review" list.
            models.Index(
                fields=["-updated_at", "-id"], name="question_in_review", condition=Q(status="review")
            ),
            # The dashboard's "recently published" list.
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="question_recently_published",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def render(self) -> None:
        super().render()
        self.refresh_quality_issues()

    def quality_findings(self, link_targets: LinkTargets | None = None, content=None) -> list:
        """Every quality finding, with details (the change form shows them).
        `link_targets`: a `LinkTargets` shared by a batch of questions;
        `content`: the question's `content_issues()`, if computed already."""
        return check_question(self, link_targets or public_link_targets(), content)

    def refresh_quality_issues(self, link_targets: LinkTargets | None = None, content=None) -> None:
        self.quality_issues = issue_codes(self.quality_findings(link_targets, content))

    # Solutions are rendered with the Markdown fields, in the same budget:
    # each note and each code block is a text of its own after those fields.
    def markdown_sources(self) -> list[str]:
        self.solutions = plain_newlines(self.solutions)
        self._parsed_solutions = parsed_or_nothing(self.solutions)
        return [*super().markdown_sources(), *markdown_sources(self._parsed_solutions)]

    def apply_rendered(self, html: list[str]) -> None:
        count = len(self.MARKDOWN_FIELDS)
        super().apply_rendered(html[:count])
        self.solutions_html = solutions_markup(self._parsed_solutions, html[count:])

    @classmethod
    def rendered_fields(cls) -> tuple[list[str], list[str]]:
        sources, html = super().rendered_fields()
        return [*sources, "solutions"], [*html, "solutions_html"]

    @classmethod
    def source_field_at(cls, index: int) -> str:
        return cls.MARKDOWN_FIELDS[index] if index < len(cls.MARKDOWN_FIELDS) else "solutions"

    @classmethod
    def derived_fields(cls) -> list[str]:
        return [*super().derived_fields(), "quality_issues"]

    @property
    def quality_issue_labels(self):
        return [ISSUE_LABELS[code] for code in self.quality_issues if code in ISSUE_LABELS]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Question, self.title, exclude_pk=self.pk)
        self.render()
        self.updated_at = timezone.now()
        if self.status == Question.Status.PUBLISHED and self.published_at is None:
            self.published_at = self.updated_at
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("questions:detail", self.slug)

    def neighbours(self) -> tuple["Question | None", "Question | None"]:
        """The questions just before and after this one in its article, as
        read by `with_neighbours()` (title and slug only)."""
        previous, following = (
            Question(title=link["title"], slug=link["slug"]) if link else None
            for link in (self.previous_link, self.following_link)
        )
        return previous, following

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["questions.category", "questions.source", "questions.tag"]  # type: ignore[attr-defined]

    def parsed_key_points(self) -> tuple[KeyPoint, ...]:
        """The key points as the checkers and the checklist read them. Text
        written past the validators (raw SQL, an old dump) that no longer
        parses shows no checklist rather than breaking the page."""
        try:
            return parse_key_points(self.key_points)
        except KeyPointsError:
            return ()

    def parsed_solutions(self) -> tuple[Solution, ...]:
        """The solutions (none if the text no longer parses, as key points)."""
        return parsed_or_nothing(self.solutions)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
