"""Foreign items → questions, in one transaction, through the one bulk write
path (`Question.objects.bulk_import`).

An item is matched to a question by its origin (`ImportOrigin`: format and
the file's id for it) or, for a qbank export read back, by slug. A matched
question that an editor changed since the last import is left alone and
reported as skipped (`conflicts.edited_since_import`, the article imports'
rule); one whose text is the same is left alone too. New questions get a
slug made from their origin, so two imports never make two questions.
The mapping (`mapping`, JSON-able) decides what a group (deck, category
path, category column) becomes — `{"groups": {name: "category:<slug>" |
"tags" | "ignore"}, "category": <default category slug>}` — by default a
tag, with the new questions in the first category.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from questions import policies
from questions.exchange.conflicts import IMPORTED_FIELDS, edited_since_import
from questions.markdown import MarkdownTooSlow
from questions.models import Category, ImportOrigin, Question, Tag, external_key, markdown_too_slow_message
from questions.quality.duplicates import DuplicateCheckTimedOut, near_duplicates

from .items import ForeignBank, ForeignItem
from .media import MediaStore
from .problems import ImportProblems

CONTENT_COLUMNS = (
    "title", "category_id", "difficulty", "body", "answer", "explanation", "key_points", "solutions", "status",
    "updated_at",
)  # fmt: skip
# Near duplicates are looked up for the first new questions of a preview only:
# each lookup is a few indexed queries, and a long list helps nobody.
NEAR_DUPLICATE_CHECKS = 200


@dataclass
class ForeignReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    # (location, state, title, category label) per item, for the preview.
    items: list[tuple[str, str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "questions: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(skipped)s skipped"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }

    def notes(self, name: str) -> list[str]:
        lines = [f"{name}:{where}: {_('skipped')}: {why}" for where, why in self.skipped]
        lines += [
            f"{name}:{where}: "
            + _("“%(title)s” looks like the existing “%(other)s”") % {"title": t, "other": o}
            for where, t, o in self.near_duplicates
        ]
        return lines


def slug_for(format: str, external_id: str) -> str:
    return f"{format}-{hashlib.sha256(external_id.encode()).hexdigest()[:16]}"


def save_bank(
    bank: ForeignBank,
    media: MediaStore,
    *,
    user,
    status: str | None = None,
    reason: str = "",
    mapping: dict | None = None,
    dry_run: bool = False,
    progress=None,
) -> ForeignReport:
    """Write `bank`'s items as `user` (`policies.SYSTEM` on the command line).
    Raises PermissionDenied unless the rule book lets `user` import with
    `status`, and ImportProblems (nothing written) for items that cannot be
    saved."""
    if not policies.can_import_articles(user) or (
        status and status not in policies.importable_statuses(user)
    ):
        raise PermissionDenied
    report = ForeignReport(skipped=list(bank.skipped))
    with transaction.atomic():
        _Saver(bank, media, report, user, status, reason, mapping or {}, dry_run, progress).save()
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(media.save)
    return report


class _Saver:
    def __init__(self, bank, media, report, user, status, reason, mapping, dry_run, progress):
        self.bank, self.media, self.report, self.user = bank, media, report, user
        self.status, self.reason, self.mapping = status, reason, mapping
        self.dry_run, self.progress = dry_run, progress
        self.now = timezone.now()
        self.new_questions: list[Question] = []
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.category_names = {}
        for category in self.categories.values():
            for name in (category.slug, category.name, str(category.label)):
                self.category_names.setdefault(name.casefold(), category)
        default = mapping.get("category")
        self.default_category = self.categories.get(default) or next(
            iter(sorted(self.categories.values(), key=lambda c: (c.ordering, c.slug))), None
        )
        if self.default_category is None:
            raise ImportProblems([("", _("the bank has no category to import into"))])

    def save(self) -> None:
        items = self.bank.items
        keys = [external_key(item.external_id) for item in items]
        by_origin = ImportOrigin.objects.question_ids(self.bank.format, keys)
        slugs = [item.slug or slug_for(self.bank.format, key) for item, key in zip(items, keys, strict=True)]
        existing = {q.slug: q for q in Question.objects.select_for_update().filter(pk__in=by_origin.values())}
        existing.update({q.slug: q for q in Question.objects.select_for_update().filter(slug__in=slugs)})
        by_pk = {q.pk: q for q in existing.values()}
        tags = self._tags(items)
        current_tags = {}
        for question_id, tag_id in Question.tags.through.objects.filter(question_id__in=by_pk).values_list(
            "question_id", "tag_id"
        ):
            current_tags.setdefault(question_id, set()).add(tag_id)

        rows, written, problems, seen = [], [], [], set()
        for item, key, slug in zip(items, keys, slugs, strict=True):
            question = by_pk.get(by_origin.get(key)) or existing.get(slug)
            if (question is not None and question.pk in seen) or slug in seen:
                self.report.skipped.append((item.location, _("the same item appears twice in the file")))
                continue
            seen.add(question.pk if question is not None else slug)
            category, tag_ids = self._classify(item, tags)
            try:
                row = self._row(item, slug, question, category, tag_ids, current_tags)
            except ImportProblems as error:
                problems += error.problems
                continue
            if row is None:
                continue
            try:
                row[0].clean_fields(
                    exclude=["category", "source", "author", "submitted_by", "reviewed_by", "slug"]
                )
            except ValidationError as error:
                problems += [
                    (item.location, f"{name}: {' '.join(messages)}")
                    for name, messages in error.message_dict.items()
                ]
                continue
            rows.append(row)
            written.append((item, key, row[0]))
        if problems:
            raise ImportProblems(problems)
        try:
            Question.objects.bulk_import(
                rows, update_fields=CONTENT_COLUMNS, on_batch=self.progress.advance if self.progress else None
            )
        except MarkdownTooSlow as error:
            raise ImportProblems(
                [(written[error.item][0].location, f"{error.field}: {markdown_too_slow_message()}")]
            ) from None
        self.new = {question.pk for question in self.new_questions}
        Question.objects.filter(pk__in=[q.pk for _i, _k, q in written]).update(imported_version=F("version"))
        self._remember_origins(written)
        if self.dry_run:
            self._near_duplicates(
                [(item, question) for item, _key, question in written if question.pk in self.new]
            )

    def _row(self, item: ForeignItem, slug, question, category, tag_ids, current_tags):
        values = {
            "title": item.title,
            "category_id": category.pk,
            "difficulty": item.difficulty if item.difficulty in Question.Difficulty.values else None,
            "body": item.body,
            "answer": item.answer,
            "explanation": item.explanation,
            "key_points": item.key_points,
            "solutions": item.solutions,
        }
        if question is None:
            values["difficulty"] = values["difficulty"] or Question.Difficulty.MEDIUM
            question = Question(
                slug=slug, status=self.status or Question.Status.DRAFT, created_at=self.now,
                updated_at=self.now, author=self.user if getattr(self.user, "pk", None) else None, **values,
            )  # fmt: skip
            question._change_reason = self.reason or None
            self.new_questions.append(question)
            self.report.created += 1
            self._state(item, "created", category)
            return question, tag_ids
        values["difficulty"] = values["difficulty"] or question.difficulty
        values["status"] = self.status or question.status
        same_tags = set(tag_ids) == current_tags.get(question.pk, set())
        if same_tags and all(getattr(question, name) == value for name, value in values.items()):
            self.report.unchanged += 1
            self._state(item, "unchanged", category)
            if self.progress:
                self.progress.advance()
            return None
        # Only a question the file would change is looked up in its history
        # (a few queries): re-importing an unchanged file costs none each.
        if edited_since_import(question, (*IMPORTED_FIELDS, "key_points", "solutions")):
            self.report.skipped.append((item.location, _("edited in qbank since the last import: kept")))
            self._state(item, "kept", category)
            return None
        if not policies.can_edit_question(self.user, question):
            raise ImportProblems(
                [(item.location, _(
                    "“%(title)s” is %(status)s: an import may change drafts only; ask a publisher to send it back to draft first"
                ) % {"title": question.title, "status": question.get_status_display().lower()})]
            )  # fmt: skip
        for name, value in values.items():
            setattr(question, name, value)
        question.updated_at = self.now
        question._change_reason = self.reason or None
        self.report.updated += 1
        self._state(item, "updated", category)
        return question, tag_ids

    def _state(self, item, state: str, category) -> None:
        self.report.items.append((item.location, state, item.title, str(category.label)))

    def _named_category(self, name: str) -> Category | None:
        """The category a file names, by slug, English name or label."""
        return self.category_names.get(name.strip().casefold()) if name else None

    def _classify(self, item: ForeignItem, tags: dict[str, Tag]) -> tuple[Category, list[int]]:
        names = list(item.tags)
        category = self._named_category(item.category)
        choice = self.mapping.get("groups", {}).get(item.group, "tags")
        if choice.startswith("category:") and choice.removeprefix("category:") in self.categories:
            category = category or self.categories[choice.removeprefix("category:")]
        elif choice == "tags" and item.group and category is None:
            names.append(item.group)
        ids = [tags[name[:60]].pk for name in dict.fromkeys(names) if name[:60] in tags]
        return category or self.default_category, list(dict.fromkeys(ids))

    def _tags(self, items) -> dict[str, Tag]:
        """Every tag name the items use → its Tag, the missing ones created."""
        wanted = set()
        for item in items:
            wanted.update(item.tags)
            if item.group and self._named_category(item.category) is None:
                wanted.add(item.group)
        wanted = {name[:60] for name in wanted if name.strip()}
        found = {}
        for tag in Tag.objects.all():
            found.setdefault(tag.slug, tag)
            found.setdefault(tag.name, tag)
        new = []
        for name in sorted(wanted - set(found)):
            slug = (slugify(name, allow_unicode=True) or "tag")[:70]
            base, number = slug, 2
            while slug in found:
                slug, number = f"{base}-{number}", number + 1
            tag = found[name] = found[slug] = Tag(name=name, slug=slug)
            new.append(tag)
        Tag.objects.bulk_create(new)
        return found

    def _remember_origins(self, written) -> None:
        origins = [
            ImportOrigin(question=question, format=self.bank.format, file_name=self.bank.name[:255],
                         external_id=key, imported_at=self.now)
            for item, key, question in written if not item.slug
        ]  # fmt: skip
        ImportOrigin.objects.bulk_create(
            origins,
            update_conflicts=True,
            unique_fields=["format", "external_id"],
            update_fields=["question", "file_name", "imported_at"],
        )

    def _near_duplicates(self, new_items) -> None:
        """New questions much like one already in the bank (not like each other)."""
        earlier = Question.objects.exclude(pk__in=self.new)
        for item, question in new_items[:NEAR_DUPLICATE_CHECKS]:
            try:
                matches = near_duplicates(question, earlier)
            except DuplicateCheckTimedOut:
                continue
            for match in matches[:1]:
                self.report.near_duplicates.append((item.location, item.title, match.question.title))
