"""Revisions of questions and sources, as recorded by django-simple-history:
what a revision holds, how two compare, and how an old one is restored."""

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import transaction
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..models import MAX_REASON_LENGTH, QUESTION_HISTORY, SOURCE_HISTORY, Question, Source, Tag
from .diffs import DiffBudget, diff_html

# Content an editor writes, in the order a diff lists it. Restoring a revision
# brings these back; workflow fields (status, reviewers) are never restored:
# restoring old text must not publish or unpublish anything.
CONTENT_FIELDS = {
    Question: ["title", "slug", "category", "difficulty", "tags", "body", "answer", "explanation",
               "editor_note", "key_points", "solutions", "source", "source_position"],
    Source: ["title", "slug", "language", "url", "intro", "conclusion", "appendix", "notes"],
}  # fmt: skip
DISPLAY_ONLY_FIELDS = {Question: ["status"], Source: []}
RECORDERS = {Question: QUESTION_HISTORY, Source: SOURCE_HISTORY}
# Long text, shown as a diff (the key points are plain text, but as long).
MARKDOWN_FIELDS = {
    "body", "answer", "explanation", "editor_note", "key_points", "solutions",
    "intro", "conclusion", "appendix", "notes",
}  # fmt: skip


# The one way a revision's time is written (history, messages, change
# reasons): the site's time zone, named, so that no page mixes UTC in.
REVISION_TIME_FORMAT = "Y-m-d H:i T"


def revision_time(moment) -> str:
    return format_date(localtime(moment), REVISION_TIME_FORMAT)


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    budget: DiffBudget | None = field(default=None, repr=False, compare=False)

    @cached_property
    def diff(self) -> SafeString | None:
        """The diff of long text (short values show old → new), computed when
        a page first shows it: never while the caller's transaction holds row
        locks, and not at all where only the labels are wanted."""
        if self.name not in MARKDOWN_FIELDS:
            return None
        return diff_html(self.old, self.new, budget=self.budget)


def _display(obj, name: str) -> str:
    if name == "tags":
        # A historical row lists through-rows (with .tag); a live row lists tags.
        items = obj.tags.all()
        names = [getattr(item, "tag", item).name for item in items]
        return ", ".join(sorted(names))
    value = getattr(obj, name)
    if name == "status":
        return str(dict(Question.Status.choices).get(value, value))
    if name == "difficulty":
        return str(dict(Question.Difficulty.choices).get(value, value))
    return "" if value is None else str(value)


def snapshot(model, obj, tags: list[str] | None = None, fields=None) -> dict[str, str]:
    """Field name → display text, for a live object or a historical record
    (or a pending revision: `fields`, those it has).
    `tags` (names), when the caller already has them, saves a query."""
    values = {}
    for name in fields or CONTENT_FIELDS[model] + DISPLAY_ONLY_FIELDS[model]:
        values[name] = ", ".join(sorted(tags)) if name == "tags" and tags is not None else _display(obj, name)
    return values


def tags_of_revisions(model, records) -> dict[int, list[str]]:
    """history_id → tag names, for many revisions in one query."""
    if "tags" not in CONTENT_FIELDS[model]:
        return {}
    tags: dict[int, list[str]] = {record.history_id: [] for record in records}
    rows = apps.get_model("questions", "HistoricalQuestion_tags").objects.filter(history_id__in=list(tags))
    for history_id, name in rows.values_list("history_id", "tag__name"):
        tags[history_id].append(name)
    return tags


def latest_different(model, obj, limit: int = 100):
    """(older, newer): the latest revision and the newest one before it whose
    content differs — what "compare" shows by default, where the latest
    revision against the current text is nearly always "no differences".
    `older` is None when no revision among the last `limit` differs."""
    records = list(obj.history.order_by("-history_id")[:limit])
    if not records:
        return None, None
    tags = tags_of_revisions(model, records)
    fields = CONTENT_FIELDS[model]  # a workflow step alone is no difference
    newest = snapshot(model, records[0], tags=tags.get(records[0].history_id), fields=fields)
    for record in records[1:]:
        if snapshot(model, record, tags=tags.get(record.history_id), fields=fields) != newest:
            return record, records[0]
    return None, records[0]


def compare(
    model, old: dict[str, str], new: dict[str, str], budget: DiffBudget | None = None
) -> list[FieldChange]:
    """The fields that differ. Their diffs share one time `budget` (a page
    showing several comparisons may pass its own)."""
    budget = budget or DiffBudget()
    changes = []
    for name in CONTENT_FIELDS[model] + DISPLAY_ONLY_FIELDS[model]:
        if old[name] == new[name]:
            continue
        label = str(model._meta.get_field(name).verbose_name)
        changes.append(FieldChange(name, label, old[name], new[name], budget))
    return changes


def record_revision(obj, created: bool = False) -> None:
    """Record `obj` as it is now: for saves whose many-to-many fields were
    written after the row (the admin's form, `restore`, imports), so that one
    save is one revision holding the new tags, not two with the first stale."""
    if hasattr(obj, "skip_history_when_saving"):
        del obj.skip_history_when_saving
    RECORDERS[type(obj)].create_historical_record(obj, "+" if created else "~")


def record_tag_change(question_ids, reason: str) -> None:
    """A tag was renamed or deleted: each question that had it gets a
    revision saying so, as if it had been edited (its public page changed)."""
    from ..models import Question

    for question in Question.objects.filter(pk__in=list(question_ids)).select_related(None):
        question._change_reason = reason
        record_revision(question)


@contextmanager
def one_revision(obj, created: bool = False):
    """Save `obj` and change its tags inside the block; one revision is
    recorded at the end, holding both."""
    obj.skip_history_when_saving = True
    try:
        yield obj
    except BaseException:
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
        raise
    record_revision(obj, created=created)


def restore_problem(obj, record) -> str | None:
    """Why `record` cannot be restored onto `obj` now, if it cannot: its slug
    or its place in an article was taken since, or what it points to is gone."""
    model = type(obj)
    others = model.objects.exclude(pk=obj.pk)
    if others.filter(slug=record.slug).exists():
        return _("That revision's slug “%(slug)s” now belongs to another item; change one of them first.") % {
            "slug": record.slug
        }
    for name in CONTENT_FIELDS[model]:
        field = model._meta.get_field(name)
        target = getattr(record, field.attname) if field.many_to_one else None
        if target is not None and not field.related_model.objects.filter(pk=target).exists():
            return _("That revision refers to a %(what)s that no longer exists.") % {
                "what": field.verbose_name
            }
    place = (
        {"source_id": record.source_id, "source_position": record.source_position}
        if model is Question
        else {}
    )
    if place.get("source_id") and place["source_position"] is not None and others.filter(**place).exists():
        return _("Position %(position)s of that revision's article is taken by another question now.") % {
            "position": record.source_position
        }
    return None


def restore_reason(record, reason: str = "") -> str:
    """The change reason of a restore: which revision, and why."""
    what = str(_("Restored the revision of %(date)s") % {"date": revision_time(record.history_date)})
    reason = reason.strip()
    return (f"{what}: {reason}" if reason else what)[:MAX_REASON_LENGTH]


def restore(obj, record, user, reason: str = ""):
    """Bring `obj`'s content back to `record`; the restore is itself a new
    revision (its change reason says which, and `reason` why), so it can be
    undone the same way."""
    model = type(obj)
    with transaction.atomic():
        for name in CONTENT_FIELDS[model]:
            if name == "tags":
                continue
            field = model._meta.get_field(name)
            setattr(obj, field.attname, getattr(record, field.attname))
        obj._change_reason = restore_reason(record, reason)
        obj._history_user = user
        with one_revision(obj):
            obj.save()
            if "tags" in CONTENT_FIELDS[model]:
                # Tags deleted since are left out rather than failing the restore.
                tag_ids = [through.tag_id for through in record.tags.all()]
                obj.tags.set(Tag.objects.filter(pk__in=tag_ids))
    return obj
