"""What several models share: optimistic locking (`Versioned`), Markdown kept
beside its rendered HTML (`RendersMarkdown`), the bulk write path that keeps
both current, and slugs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_change_reason_from_object

from ..markdown import MarkdownTooSlow, RendererBusy, RenderPool, render_many
from .copy_rows import copy_insert

# The change reason of revisions written by bulk imports.
BULK_IMPORT_REASON = "Imported"


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


def plain_newlines(text: str) -> str:
    """Browsers post a textarea with CRLF line ends; files and the API send
    LF. Stored text has one kind, so that the same text compares equal (a
    Markdown export read back is no edit)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class RendersMarkdown:
    """For models that keep each Markdown field beside its rendered HTML
    (`answer` → `answer_html`): pages read the stored HTML, never render."""

    MARKDOWN_FIELDS: tuple[str, ...] = ()

    def render(self) -> None:
        """Render every Markdown field, all within one time budget (raises
        `MarkdownTooSlow`). A form's clean() renders; its save() then reuses
        that rendering instead of paying for it twice."""
        sources = self.markdown_sources()
        if getattr(self, "_rendered_sources", None) == sources:
            return
        self.apply_rendered(render_many(sources))
        self._rendered_sources = sources

    def markdown_sources(self) -> list[str]:
        """The texts `render()` renders (line ends made plain first), in
        the order `apply_rendered()` takes their HTML."""
        for name in self.MARKDOWN_FIELDS:
            setattr(self, name, plain_newlines(getattr(self, name)))
        return [getattr(self, field) for field in self.MARKDOWN_FIELDS]

    def apply_rendered(self, html: list[str]) -> None:
        """Set the derived columns from `markdown_sources()` rendered."""
        for field, fragment in zip(self.MARKDOWN_FIELDS, html, strict=True):
            setattr(self, f"{field}_html", fragment)

    @classmethod
    def rendered_fields(cls) -> tuple[list[str], list[str]]:
        """(the source columns, the HTML columns rendered from them)."""
        return list(cls.MARKDOWN_FIELDS), [f"{name}_html" for name in cls.MARKDOWN_FIELDS]

    @classmethod
    def source_field_at(cls, index: int) -> str:
        """The field whose text is `markdown_sources()[index]` (errors)."""
        return cls.MARKDOWN_FIELDS[index]

    def clean(self):
        super().clean()  # type: ignore[misc]  # a mixin: the model's clean()
        try:
            self.render()
        except RendererBusy:
            # Nothing is wrong with the text: the save can simply be sent again.
            raise ValidationError(
                gettext("The server is busy rendering Markdown; save again in a moment.")
            ) from None
        except MarkdownTooSlow:
            raise ValidationError(markdown_too_slow_message()) from None

    @classmethod
    def derived_fields(cls) -> list[str]:
        """The columns `render()` sets: written by every path that skips `save()`."""
        return cls.rendered_fields()[1]

    @classmethod
    def render_all(cls, objs, pool: RenderPool) -> None:
        """Each of `objs`' HTML, as `render()` sets it, rendered in `pool`
        (each object within the budget a save gets); what else a model's
        `render()` derives is the caller's. `MarkdownTooSlow` names the object
        (`item`, its index in `objs`) and the field that did not finish."""
        groups = [obj.markdown_sources() for obj in objs]
        try:
            rendered = pool.render(groups)
        except MarkdownTooSlow as error:
            field = cls.source_field_at(error.field) if isinstance(error.field, int) else error.field
            raise MarkdownTooSlow(item=error.item, field=field) from None
        for obj, sources, html in zip(objs, groups, rendered, strict=True):
            obj.apply_rendered(html)
            obj._rendered_sources = sources


def markdown_too_slow_message() -> str:
    return gettext(
        "This Markdown takes too long to render (over %(seconds)s s). Long runs of unclosed "
        "brackets such as “[[[[” are the usual cause: close them or put them in a code block."
    ) % {"seconds": settings.MARKDOWN_RENDER_TIMEOUT}


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
    def _bulk_write(self, objs, update_fields, reason: str, *, rendered: bool = False) -> list:
        """Insert new rows (by COPY) and update existing ones in a few statements, doing
        what `save()` would: render the Markdown (unless the caller did:
        `rendered`), move updated rows' version on (so an editor's form opened
        before the import cannot overwrite it) and record a revision of each
        row. Returns the revisions."""
        if not rendered:
            with RenderPool() as pool:
                self.model.render_all(objs, pool)
        derived_fields = self.model.derived_fields()
        new = [obj for obj in objs if obj.pk is None]
        old = [obj for obj in objs if obj.pk is not None]
        copy_insert(new, self.db)
        if old:
            for obj in old:
                obj.version += 1
            self.bulk_update(old, [*update_fields, *derived_fields, "version"])
        return [*self._revisions(new, "+", reason), *self._revisions(old, "~", reason)]

    def _revisions(self, objs, history_type: str, reason: str) -> list:
        """A revision of each of `objs`, built as simple-history's
        `bulk_history_create` builds them, written by COPY."""
        if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return []
        historical = self.model.history.model
        now = timezone.now()
        revisions = []
        for obj in objs:
            revision = historical(
                history_date=getattr(obj, "_history_date", now),
                history_user=getattr(obj, "_history_user", historical.get_default_history_user(obj)),
                history_change_reason=get_change_reason_from_object(obj) or reason,
                history_type=history_type,
                **{field.attname: getattr(obj, field.attname) for field in historical.tracked_fields},
            )
            if hasattr(historical, "history_relation"):
                revision.history_relation_id = obj.pk
            revisions.append(revision)
        return copy_insert(revisions, self.db)


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
