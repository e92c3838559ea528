"""How questions are classified: the four categories and free-form tags."""

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, F, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..links import slug_url
from .base import unique_slug


def _questions_visible(sees_unpublished: bool):
    # question.py imports this module (for its foreign keys).
    return apps.get_model("questions", "Question").objects.visible(sees_unpublished=sees_unpublished)


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

    def counted(self, *, sees_unpublished: bool) -> list:
        """The categories, each with `question_count`: of published questions
        for the public (the kept count, whatever the bank's size), of every
        question for those who see unpublished ones (a GROUP BY: they see
        drafts too; `policies.categories_counted_for(user)`)."""
        if sees_unpublished:
            return self.with_question_counts(_questions_visible(True))
        return list(self.annotate(question_count=F("published_count")))


class KeepsPublishedCount(models.Model):
    """A model with counters that Postgres triggers keep (never this process):
    a save writes every other field, so that an instance loaded before a
    question was published cannot write its stale count back."""

    KEPT_BY_TRIGGERS = ("published_count", "published_version")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.KEPT_BY_TRIGGERS
            ]
        super().save(*args, **kwargs)


class Category(KeepsPublishedCount):
    slug = models.SlugField(_("slug"), unique=True)
    # The English name doubles as the translation msgid (see `label`).
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=0)
    # Kept by Postgres triggers (questions/migrations/sql/public_0012.py) on
    # every write, so that pages read a count instead of counting the bank.
    published_count = models.PositiveIntegerField(
        _("published questions"), default=0, editable=False, serialize=False
    )
    # Moves on every change of what the category's public pages and
    # downloads show: the key of its cached download files.
    published_version = models.BigIntegerField(default=1, editable=False, serialize=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return slug_url("questions:category", self.slug)

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

    def offered(self, *, sees_unpublished: bool) -> list["Tag"]:
        """The tags of the questions an audience sees, most used first (by
        their published questions; then by name): the choices of a tag
        filter. The public's come from the kept counts, whatever the bank's
        size; those who also see drafts get the live `used_by`."""
        if sees_unpublished:
            tags = self.used_by(_questions_visible(True))
            return sorted(tags, key=lambda tag: (-tag.published_count, tag.name))
        return list(self.filter(published_count__gt=0).order_by("-published_count", "name"))

    def with_question_counts(self, questions):
        """The tags of `questions`, each annotated with how many of them
        carry it (tags none of them carry are left out)."""
        return self.filter(questions__in=questions.values("pk")).annotate(question_count=Count("questions"))

    def counted(self, *, sees_unpublished: bool):
        """The tags of the questions an audience sees, each with
        `question_count`: the kept count of published questions for the
        public, a count over every question for those who see drafts
        (`policies.tags_counted_for(user)`)."""
        if sees_unpublished:
            return self.with_question_counts(_questions_visible(True))
        return self.filter(published_count__gt=0).annotate(question_count=F("published_count"))


class Tag(KeepsPublishedCount):
    """A free-form label. A plain model (rather than django-taggit's generic
    relation) keeps tags an ordinary many-to-many: natural keys in fixtures,
    one JOIN to filter by several tags, `prefetch_related` without content
    types, and admin autocomplete out of the box."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    # Kept by Postgres triggers, like Category.published_count.
    published_count = models.PositiveIntegerField(
        _("published questions"), default=0, editable=False, serialize=False
    )

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
        return slug_url("questions:tag", self.slug)

    def natural_key(self):
        return (self.slug,)
