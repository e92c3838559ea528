"""Questions, and the querysets that list them."""

import multiprocessing
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..history import BothSidesHistoricalRecords
from ..markdown import render_markdown
from ..policies import sees_unpublished
from ..quality.checks import ISSUE_LABELS, check_question, issue_codes
from .base import (
    BULK_IMPORT_REASON,
    RendersMarkdown,
    RendersMarkdownQuerySet,
    Versioned,
    markdown_length,
    unique_slug,
)
from .search import QuestionSearchQuerySet, search_documents_deferred
from .source import Source
from .taxonomy import Category, Tag

# Revisions keep the Markdown an editor wrote; rendered HTML is derived from it.
_DERIVED_FIELDS = ["body_html", "answer_html", "explanation_html", "editor_note_html", "quality_issues"]

# In a name of its own so that `revisions.record_revision` can ask it to
# record an object directly.
# The import bookkeeping is not content either.
QUESTION_HISTORY = BothSidesHistoricalRecords(
    excluded_fields=[*_DERIVED_FIELDS, "imported_version"], m2m_fields=["tags"]
)


READING_ORDER = (
    F("source_id").asc(nulls_last=True),
    F("source_position").asc(nulls_last=True),
    F("pk").asc(),
)


# Imports of at least this many questions also render in a pool of worker
# processes, one per CPU: Markdown is pure Python, one core per process.
PARALLEL_RENDER_MIN_ROWS = 2000


def _render_batch(batch, pool=None) -> None:
    if pool is None:
        for question, _tag_ids in batch:
            question.render()
        return
    fields = Question.MARKDOWN_FIELDS
    texts = [getattr(question, name) for question, _ in batch for name in fields]
    html = iter(pool.map(render_markdown, texts, chunksize=50))
    for question, _tag_ids in batch:
        for name in fields:
            setattr(question, f"{name}_html", next(html))
        question.refresh_quality_issues()


def _render_pool(rows: int):
    """Worker processes for rendering, or None for small imports (starting
    them costs about a second). Spawned, not forked: a forked child would
    share this process's database connection."""
    workers = os.cpu_count() or 1
    if rows < PARALLEL_RENDER_MIN_ROWS or workers < 2:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


class QuestionQuerySet(QuestionSearchQuerySet, RendersMarkdownQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def bulk_import(self, rows, *, update_fields=(), batch_size=1000, on_batch=None) -> None:
        """The one bulk write path for questions (JSON imports of thousands).

        `rows` are `(question, tag_ids)` pairs: a question without a pk is
        created, one with a pk has `update_fields` updated; `tag_ids=None`
        leaves its tags alone, a list replaces them. Slugs and timestamps are
        the caller's. `on_batch(n)` is called after each batch (progress).

        `Question.save()` is skipped for speed, so whatever `save()` keeps
        current must be kept current here too: Markdown is rendered in Python
        before the write; revision history hooks in here. Search documents
        are computed once per question after its tags are written (the
        triggers, deferred meanwhile, would compute a tagged question's twice).
        """
        through = self.model.tags.through
        rows = list(rows)
        if any(not question.slug for question, _ in rows):
            raise ValueError("bulk_import needs every question's slug")
        batches = [rows[start : start + batch_size] for start in range(0, len(rows), batch_size)]
        # Rendering Markdown is most of an import's time, and writing a batch
        # mostly waits on Postgres: the next batch is rendered, in a thread
        # of its own (markdown.py keeps one Markdown instance per thread),
        # while this one is written; a large import also spreads it over
        # one process per CPU.
        renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-import-render")
        pool = _render_pool(len(rows))
        try:
            rendering = renderer.submit(_render_batch, batches[0], pool) if batches else None
            for index, batch in enumerate(batches):
                rendering.result()
                if index + 1 < len(batches):
                    rendering = renderer.submit(_render_batch, batches[index + 1], pool)
                self._write_batch(batch, update_fields, through)
                if on_batch:
                    on_batch(len(batch))
        finally:
            renderer.shutdown(cancel_futures=True)
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def _write_batch(self, batch, update_fields, through) -> None:
        with search_documents_deferred(self.db) as written:
            replaced = [q.pk for q, tag_ids in batch if q.pk and tag_ids is not None]
            revisions = self._bulk_write(
                [question for question, _ in batch], update_fields, BULK_IMPORT_REASON, rendered=True
            )
            through.objects.filter(question_id__in=replaced).delete()
            through.objects.bulk_create(
                through(question_id=question.pk, tag_id=tag_id)
                for question, tag_ids in batch
                for tag_id in tag_ids or ()
            )
            self._record_revision_tags(revisions)
            written.extend(question.pk for question, _ in batch)

    def _record_revision_tags(self, revisions) -> None:
        # simple-history's bulk path leaves out many-to-many fields; write each
        # revision's tags the way its own m2m tracking would.
        through = self.model.tags.through
        history_tags = apps.get_model("questions", "HistoricalQuestion_tags")
        rows_of = defaultdict(list)
        for row in through.objects.filter(question_id__in=[r.id for r in revisions]):
            rows_of[row.question_id].append(row)
        history_tags.objects.bulk_create(
            history_tags(history=revision, id=row.id, question_id=row.question_id, tag_id=row.tag_id)
            for revision in revisions
            for row in rows_of[revision.id]
        )

    def for_export(self):
        """Everything the exporters write, in reading order, without N+1."""
        return self.select_related("category", "source", "author").prefetch_related("tags").in_reading_order()

    def published(self):
        return self.filter(status=Question.Status.PUBLISHED)

    def visible_to(self, user):
        """Editors and publishers see every question (unpublished ones are
        marked); everyone else, staff without a role included, sees published
        ones only."""
        if sees_unpublished(user, "questions.view_question"):
            return self.all()
        return self.published()

    def in_reading_order(self):
        # Questions from one article stay in the article's order.
        return self.order_by(*READING_ORDER)

    def first_per_category(self, limit: int, category_ids):
        """At most `limit` questions of each of `category_ids`, in reading order.

        A UNION ALL of one LIMITed query per category, each read from the
        published-by-category index, finds the ids in one round trip (1.5 ms at
        100,000 questions, where ranking every row with a window took 150 ms);
        the rows themselves are then fetched by id."""
        parts = [
            self.filter(category_id=pk).in_reading_order().values_list("pk", flat=True)[:limit]
            for pk in category_ids
        ]
        if not parts:
            return self.none()
        ids = list(parts[0].union(*parts[1:], all=True))
        return self.filter(pk__in=ids).in_reading_order()

    def first_per_category_by_window(self, limit: int):
        """The same in one query that ranks every row: simpler, and the
        reference `first_per_category` is tested against."""
        rank = Window(RowNumber(), partition_by=F("category_id"), order_by=READING_ORDER)
        return self.annotate(rank_in_category=rank).filter(rank_in_category__lte=limit).in_reading_order()

    def neighbours_in_source(self, question):
        """The questions just before and after `question` in its article."""
        if question.source_id is None or question.source_position is None:
            return None, None
        siblings = self.filter(source_id=question.source_id).only("title", "slug", "source_position")
        position = question.source_position
        before = siblings.filter(source_position__lt=position).order_by("-source_position")[:1]
        after = siblings.filter(source_position__gt=position).order_by("source_position")[:1]
        # One round trip for both (each half read from the unique index).
        found = list(before.union(after, all=True))
        previous = next((q for q in found if q.source_position < position), None)
        following = next((q for q in found if q.source_position > position), None)
        return previous, following

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def by_title(self):
        return self.order_by("title", "pk")

    def with_filters(self, *, category=None, difficulty=None, tags=(), source=None):
        """Narrow by category, difficulty, source (slugs) and tags (slugs; a
        question must carry every one)."""
        questions = self
        if category:
            questions = questions.filter(category__slug=category)
        if difficulty:
            questions = questions.filter(difficulty=difficulty)
        if source:
            questions = questions.filter(source__slug=source)
        tags = set(tags)
        if tags:
            # One subquery whatever the number of tags (an EXISTS per tag made
            # planning time grow steeply): questions carrying all of them.
            carriers = (
                Question.tags.through.objects.filter(tag__slug__in=tags)
                .values("question")
                .annotate(matched=Count("tag", distinct=True))
                .filter(matched=len(tags))
                .values("question")
            )
            questions = questions.filter(pk__in=carriers)
        return questions

    def drafts_by(self, user):
        return self.filter(status=Question.Status.DRAFT, author=user)

    def returned_to(self, user):
        """Drafts `user` had submitted that a publisher sent back (or
        unpublished): reviewed, and in draft again."""
        return self.filter(status=Question.Status.DRAFT, submitted_by=user, reviewed_by__isnull=False)

    def awaiting_review_by(self, user):
        """In review and not submitted by `user`: the four-eyes rule's queue."""
        return self.filter(status=Question.Status.REVIEW).exclude(submitted_by=user)

    def recently_published(self):
        return self.published().order_by(F("published_at").desc(nulls_last=True), F("pk").desc())

    def needing_attention(self, issue: str | None = None):
        """Questions whose stored quality checks found something (`issue`:
        of that kind only)."""
        if issue:
            return self.filter(quality_issues__contains=[issue])
        return self.exclude(quality_issues=[])

    def for_listing(self):
        """What a list of questions shows, without the heavy Markdown columns."""
        return (
            self.select_related("category")
            .prefetch_related("tags")
            .defer(
                "body", "answer", "explanation", "editor_note",
                "body_html", "answer_html", "explanation_html", "editor_note_html",
            )
        )  # fmt: skip


class Question(RendersMarkdown, Versioned):
    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

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
    body_html = models.TextField(editable=False, blank=True)
    answer_html = models.TextField(editable=False, blank=True)
    explanation_html = models.TextField(editable=False, blank=True)
    editor_note_html = models.TextField(editable=False, blank=True)
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

    def refresh_quality_issues(self) -> None:
        self.quality_issues = issue_codes(check_question(self))

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
        return reverse("questions:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["questions.category", "questions.source", "questions.tag"]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
