"""The articles questions were taken from."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..links import slug_url
from .base import (
    BULK_IMPORT_REASON,
    RendersMarkdown,
    RendersMarkdownQuerySet,
    Versioned,
    markdown_length,
    unique_slug,
)

# In a name of its own so that `revisions.record_revision` can ask it to
# record an object directly.
SOURCE_HISTORY = HistoricalRecords(excluded_fields=["intro_html", "conclusion_html", "appendix_html"])


class SourceQuerySet(RendersMarkdownQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def used_by(self, questions):
        """Sources of at least one of `questions`."""
        return self.filter(Exists(questions.filter(source=OuterRef("pk"))))

    def visible(self, *, sees_unpublished: bool):
        """An article's own text (introduction, conclusion) is public once one
        of its questions is: it was reviewed with them. Before that, only
        those who see unpublished sources (`policies.visible_sources(user)`)."""
        if sees_unpublished:
            return self.all()
        # By name: question.py imports this module for its foreign key.
        return self.used_by(apps.get_model("questions", "Question").objects.published())

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
    # The article's own date: its questions are due for re-verification once
    # it is older than REVERIFY_SOURCES_BEFORE.
    written_on = models.DateField(_("written on"), null=True, blank=True)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Markdown."), validators=[markdown_length]
    )
    conclusion = models.TextField(
        _("conclusion"), blank=True, help_text=_("Markdown."), validators=[markdown_length]
    )
    appendix = models.TextField(
        _("appendix"), blank=True, help_text=_("Markdown."), validators=[markdown_length]
    )
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
        return slug_url("questions:source", self.slug)

    @property
    def link(self) -> str:
        """The original URL if it is safe to link to (http or https)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""

    def natural_key(self):
        return (self.slug,)
