from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import connections, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Cast, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .history import BothSidesHistoricalRecords
from .markdown import render_markdown
from .policies import sees_unpublished
from .search import ParsedQuery, parse_query, search_query

# The change reason of revisions written by bulk imports.
BULK_IMPORT_REASON = "Imported"

# Revisions keep the Markdown an editor wrote; rendered HTML is derived from it.
_DERIVED_FIELDS = ["body_html", "answer_html", "explanation_html", "editor_note_html"]


# Kept in names of their own so that `revisions.record_revision` can ask them
# to record an object directly.
SOURCE_HISTORY = HistoricalRecords(excluded_fields=["intro_html", "conclusion_html", "appendix_html"])
QUESTION_HISTORY = BothSidesHistoricalRecords(excluded_fields=_DERIVED_FIELDS, m2m_fields=["tags"])


class EditConflict(Exception):
    """Someone saved the row after this instance was loaded."""

    def __init__(self, instance, expected_version):
        self.instance = instance
        self.expected_version = expected_version
        super().__init__(f"{instance._meta.label} {instance.pk} is no longer at version {expected_version}")


# Long enough for any answer (the seed's longest is under 1,000 characters),
# short enough that a question's search document stays well inside Postgres'
# 1 MB limit for a tsvector even when every field is dense Chinese.
MAX_MARKDOWN_LENGTH = 15_000
markdown_length = MaxLengthValidator(MAX_MARKDOWN_LENGTH)


class RendersMarkdown:
    """For models that keep each Markdown field beside its rendered HTML
    (`answer` → `answer_html`): pages read the stored HTML, never render."""

    MARKDOWN_FIELDS: tuple[str, ...] = ()

    def render(self) -> None:
        for field in self.MARKDOWN_FIELDS:
            setattr(self, f"{field}_html", render_markdown(getattr(self, field)))


class Versioned(models.Model):
    """Optimistic locking: every save moves `version` on, and a save based on
    an older version raises EditConflict instead of overwriting."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if not self._state.adding:
                self._claim_next_version()
            super().save(*args, **kwargs)

    def _claim_next_version(self) -> None:
        # The conditional UPDATE both checks and moves the version, and holds
        # the row lock until the transaction ends: of two saves based on the
        # same version, exactly one wins and the other raises EditConflict.
        expected = self.version
        claimed = type(self)._base_manager.filter(pk=self.pk, version=expected).update(version=expected + 1)
        if not claimed:
            raise EditConflict(self, expected)
        self.version = expected + 1


class RendersMarkdownQuerySet(models.QuerySet):
    def _bulk_write(self, objs, update_fields, reason: str) -> list:
        """Insert new rows and update existing ones in a few statements, doing
        what `save()` would: render the Markdown, move updated rows' version
        on (so an editor's form opened before the import cannot overwrite it)
        and record a revision of each row. Returns the revisions."""
        for obj in objs:
            obj.render()
        html_fields = [f"{name}_html" for name in self.model.MARKDOWN_FIELDS]
        new = [obj for obj in objs if obj.pk is None]
        old = [obj for obj in objs if obj.pk is not None]
        if new:
            self.bulk_create(new)
        if old:
            for obj in old:
                obj.version += 1
            self.bulk_update(old, [*update_fields, *html_fields, "version"])
        history = self.model.history
        return [
            *history.bulk_history_create(new, default_change_reason=reason),
            *history.bulk_history_create(old, update=True, default_change_reason=reason),
        ]


class CategoryQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_question_counts(self, questions) -> list:
        """The categories, each with `question_count`: how many of `questions`
        it holds. One GROUP BY over the questions (60 ms at 100,000) rather
        than a join filtered per category (130 ms)."""
        counts = dict(questions.order_by().values_list("category").annotate(n=Count("pk")))
        categories = list(self)
        for category in categories:
            category.question_count = counts.get(category.pk, 0)
        return categories


class Category(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    # The English name doubles as the translation msgid (see `label`).
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("questions:category", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def label(self) -> str:
        # The four built-in names are in the translation catalogue; a name an
        # editor adds later falls back to itself.
        return gettext(self.name)

    @property
    def summary(self) -> str:
        return gettext(self.description) if self.description else ""


class TagQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def used_by(self, questions) -> list["Tag"]:
        """The tags of at least one of `questions`, as a list. Each tag is
        checked by an EXISTS in the select list, which stops at its first
        question; as a WHERE EXISTS, Postgres would join every tagged
        question instead (150 ms rather than 2 at 100,000 questions)."""
        flagged = self.annotate(is_used=Exists(questions.filter(tags=OuterRef("pk"))))
        return [tag for tag in flagged if tag.is_used]

    def with_question_counts(self, questions):
        """The tags of `questions`, each annotated with how many of them
        carry it (tags none of them carry are left out)."""
        return self.filter(questions__in=questions.values("pk")).annotate(question_count=Count("questions"))


class Tag(models.Model):
    """A free-form label. A plain model (rather than django-taggit's generic
    relation) keeps tags an ordinary many-to-many: natural keys in fixtures,
    one JOIN to filter by several tags, `prefetch_related` without content
    types, and admin autocomplete out of the box."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            # "C++" and "C#" both slugify to "c": the second becomes "c-2".
            self.slug = unique_slug(Tag, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:tag", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class SourceQuerySet(RendersMarkdownQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def used_by(self, questions):
        """Sources of at least one of `questions`."""
        return self.filter(Exists(questions.filter(source=OuterRef("pk"))))

    def visible_to(self, user):
        """An article's own text (introduction, conclusion) is public once one
        of its questions is: it was reviewed with them. Before that, only
        editors and publishers see it."""
        if sees_unpublished(user, "questions.view_source"):
            return self.all()
        return self.used_by(Question.objects.published())

    def bulk_import(self, sources, *, update_fields=()) -> None:
        """Create (no pk) or update (pk set, `update_fields`) many sources at
        once, keeping their timestamps; see `QuestionQuerySet.bulk_import`."""
        self._bulk_write(list(sources), update_fields, reason=BULK_IMPORT_REASON)


class Source(RendersMarkdown, Versioned):
    """An article that questions were taken from, kept as written."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES, default="zh-hans")
    url = models.URLField(_("original URL"), blank=True)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    conclusion = models.TextField(_("conclusion"), blank=True, help_text=_("Markdown."))
    appendix = models.TextField(_("appendix"), blank=True, help_text=_("Markdown."))
    notes = models.TextField(
        _("editor's notes"), blank=True, help_text=_("Internal; not shown to the public.")
    )
    intro_html = models.TextField(editable=False, blank=True)
    conclusion_html = models.TextField(editable=False, blank=True)
    appendix_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = SourceQuerySet.as_manager()
    history = SOURCE_HISTORY

    MARKDOWN_FIELDS = ("intro", "conclusion", "appendix")

    class Meta:
        ordering = ["title"]
        verbose_name = _("source article")
        verbose_name_plural = _("source articles")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.title, exclude_pk=self.pk)
        self.render()
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:source", args=[self.slug])

    @property
    def link(self) -> str:
        """The original URL if it is safe to link to (http or https)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""

    def natural_key(self):
        return (self.slug,)


READING_ORDER = (
    F("source_id").asc(nulls_last=True),
    F("source_position").asc(nulls_last=True),
    F("pk").asc(),
)


class QuestionQuerySet(RendersMarkdownQuerySet):
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
        before the write; search documents or revision history hook in here.
        """
        through = self.model.tags.through
        rows = list(rows)
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            if any(not question.slug for question, _ in batch):
                raise ValueError("bulk_import needs every question's slug")
            replaced = [question.pk for question, tag_ids in batch if question.pk and tag_ids is not None]
            revisions = self._bulk_write(
                [question for question, _ in batch], update_fields, BULK_IMPORT_REASON
            )
            through.objects.filter(question_id__in=replaced).delete()
            through.objects.bulk_create(
                through(question_id=question.pk, tag_id=tag_id)
                for question, tag_ids in batch
                for tag_id in tag_ids or ()
            )
            self._record_revision_tags(revisions)
            if on_batch:
                on_batch(len(batch))

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
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            return self.first_per_category_by_window(limit)  # SQLite: no LIMIT inside a UNION
        parts = [
            self.filter(category_id=pk).in_reading_order().values_list("pk", flat=True)[:limit]
            for pk in category_ids
        ]
        if not parts:
            return self.none()
        ids = list(parts[0].union(*parts[1:], all=True))
        return self.filter(pk__in=ids).in_reading_order()

    def first_per_category_by_window(self, limit: int):
        """The same in one query that ranks every row (fine for small banks)."""
        rank = Window(RowNumber(), partition_by=F("category_id"), order_by=READING_ORDER)
        return self.annotate(rank_in_category=rank).filter(rank_in_category__lte=limit).in_reading_order()

    def neighbours_in_source(self, question):
        """The questions just before and after `question` in its article."""
        if question.source_id is None or question.source_position is None:
            return None, None
        siblings = self.filter(source_id=question.source_id).only("title", "slug", "source_position")
        previous = (
            siblings.filter(source_position__lt=question.source_position).order_by("-source_position").first()
        )
        following = (
            siblings.filter(source_position__gt=question.source_position).order_by("source_position").first()
        )
        return previous, following

    def search(self, query: str | ParsedQuery):
        """Questions matching a websearch-style query (`questions.search`):
        full-text over the stored search document on Postgres, substring
        containment elsewhere. An empty query matches nothing."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return self.none()
        if not self._on_postgres():
            return self.containing(parsed)
        return self.filter(search_document__vector=search_query(parsed))

    def containing(self, query: str | ParsedQuery):
        """The fallback search for databases without full-text search: every
        word or CJK run of each term appears in the title, prompt, answer,
        explanation or a tag name (case-insensitively); no stemming, no ranking."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return self.none()
        condition = Q()
        for group in parsed.groups:
            alternatives = Q()
            for term in group:
                found = Q()
                for piece in term.pieces:
                    tagged = Question.tags.through.objects.filter(
                        question=OuterRef("pk"), tag__name__icontains=piece
                    )
                    found &= (
                        Q(title__icontains=piece)
                        | Q(body__icontains=piece)
                        | Q(answer__icontains=piece)
                        | Q(explanation__icontains=piece)
                        | Exists(tagged)
                    )
                alternatives |= ~found if term.negated else found
            condition &= alternatives
        return self.filter(condition)

    def by_relevance(self, query: str | ParsedQuery):
        """Best matches first: ts_rank with title (A) above tags and prompt
        (B) above answer and explanation (C). Newest first without full-text."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed or not self._on_postgres():
            return self.newest_first()
        return self.annotate(rank=_rank(parsed)).order_by("-rank", "-created_at", "-pk")

    def ranked_pks(self, query: str | ParsedQuery, *, limit: int) -> list[int]:
        """The pks of at most `limit` of these questions that match `query`,
        best first (as `by_relevance`), in one query. Only the first `limit`
        matches the index yields are ranked, since ranking reads each one's
        search document: it keeps a common word's results page fast."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return []
        if not self._on_postgres():
            return list(self.containing(parsed).newest_first().values_list("pk", flat=True)[:limit])
        # The matches are found first (ids only), then their documents read
        # by primary key to rank them: ranking in the same join lets the
        # planner hash every 5 KB document it finds.
        matches = self.search(parsed).order_by().values("pk")[:limit]
        documents = SearchDocument.objects.filter(question__in=matches)
        ranked = documents.annotate(rank=_rank(parsed, vector="vector"))
        # Ties go to the newer row; no timestamps fetched, they cost more
        # to parse than everything else here.
        rows = ranked.values_list("rank", "question_id")[:limit]
        return [pk for _, pk in sorted(rows, reverse=True)]

    def with_matched_lexemes(self, query: ParsedQuery):
        """Annotate `matched_lexemes`, the normalized positive query
        (`'transform' & '大模' <-> '模型'`), which tells the snippet
        highlighter what the stems are. Postgres only."""
        if not query or not self._on_postgres():
            return self
        lexemes = Cast(search_query(query, positive_only=True), output_field=models.TextField())
        return self.annotate(matched_lexemes=lexemes)

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

    def refresh_search_documents(self) -> int:
        """Recompute the stored search documents of these questions in one
        set-based statement; returns how many. Writes keep documents current
        by themselves (triggers, see `questions.search_index`), so this is
        for rows written with triggers off (a bulk load under
        `session_replication_role = replica`) or after changing the search
        functions. A no-op without Postgres."""
        if not self._on_postgres():
            return 0
        pks_sql, params = self.order_by().values("pk").query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT qbank_refresh_search_documents(ARRAY({pks_sql}))", params)
            return cursor.fetchone()[0]

    def _on_postgres(self) -> bool:
        return connections[self.db].vendor == "postgresql"

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


def _rank(query: ParsedQuery, vector: str = "search_document__vector"):
    return SearchRank(F(vector), search_query(query), normalization=1)


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
            # /search/?sort=title, for the public.
            models.Index(
                fields=["title", "id"],
                name="question_published_by_title",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

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


class SearchDocument(models.Model):
    """A question's full-text search document (questions/search_index.py).

    Its own table, written only by the database: triggers keep it current on
    every write to a question, its tags or a tag's name; `Question.objects.
    search()` joins it. Kept apart from the question row, the 5 KB vector
    stays uncompressed in its row (fast to rank) without making every other
    read of questions carry it. Postgres only: on SQLite the table does not
    exist and search falls back to `QuestionQuerySet.containing()`.
    """

    question = models.OneToOneField(
        Question,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # ON DELETE CASCADE in the database
        db_constraint=False,
        related_name="search_document",
    )
    vector = SearchVectorField()

    class Meta:
        managed = False
        db_table = "questions_search_document"

    def __str__(self) -> str:
        return str(self.question_id)


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 80) -> str:
    """A slug for `text` (Chinese kept as is) not yet used by another row."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or model._meta.model_name
    candidates = model.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    taken = set(candidates.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
