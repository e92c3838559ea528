"""The bank as one JSON document, both ways, losing nothing.

The file holds every category, tag and source article the exported questions
need, and each question with all its fields (timestamps included). Rendered
HTML is not in the file: it is rendered again on import, by the same
renderer, so a file can never smuggle in unsanitized HTML. Rows are matched
on their slugs, so importing a file twice changes nothing the second time.

Imports are written with `Question.objects.bulk_import` (a few statements
per thousand questions) inside one transaction.
"""

import json
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from questions import policies
from questions.exchange.bank_format import (
    CATEGORY_FIELDS,
    FORMAT,
    OPTIONAL_USERS,
    QUESTION_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_FIELDS,
    TAG_FIELDS,
    VERSION,
    BankFormatError,
)
from questions.markdown import MarkdownTooSlow
from questions.models import Category, Question, Source, Tag, markdown_too_slow_message

# --- export -------------------------------------------------------------------------


def dump_bank(questions, stream, *, complete: bool, progress=None) -> int:
    """Write `questions` (a Question queryset) as JSON to the text `stream`.

    `complete` also writes the categories, tags and sources no exported
    question uses (a full backup); otherwise only those the questions need.
    Returns the number of questions written.
    """
    questions = questions.order_by("pk")
    rows = list(
        questions.values(
            "pk", "slug", "title", "category__slug", "difficulty", "body", "answer", "explanation",
            "editor_note", "key_points", "solutions", "status", "author__username", "source__slug", "source_position",
            "created_at", "updated_at", "published_at", "submitted_by__username", "reviewed_by__username",
            "last_reviewed_at",
        )
    )  # fmt: skip
    tags_of = defaultdict(list)
    through = Question.tags.through.objects.filter(question__in=questions.values("pk"))
    through = through.order_by("tag__name", "tag__slug").values_list("question_id", "tag__slug")
    for question_id, tag_slug in through:
        tags_of[question_id].append(tag_slug)

    categories, tags, sources = Category.objects.all(), Tag.objects.all(), Source.objects.all()
    if not complete:
        categories = categories.filter(slug__in={row["category__slug"] for row in rows})
        tags = tags.filter(slug__in={slug for slugs in tags_of.values() for slug in slugs})
        sources = sources.filter(slug__in={row["source__slug"] for row in rows} - {None})

    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "categories": [_pick(c, CATEGORY_FIELDS) for c in categories.order_by("ordering", "slug")],
        "tags": [_pick(t, TAG_FIELDS) for t in tags.order_by("name", "slug")],
        "sources": [_pick(s, SOURCE_FIELDS) for s in sources.order_by("slug")],
        "questions": [],
    }
    for row in rows:
        document["questions"].append(
            {
                "slug": row["slug"],
                "title": row["title"],
                "category": row["category__slug"],
                "difficulty": row["difficulty"],
                "body": row["body"],
                "answer": row["answer"],
                "explanation": row["explanation"],
                "editor_note": row["editor_note"],
                "key_points": row["key_points"],
                "solutions": row["solutions"],
                "status": row["status"],
                "author": row["author__username"],
                "source": row["source__slug"],
                "source_position": row["source_position"],
                "tags": tags_of.get(row["pk"], []),
                "created_at": row["created_at"].isoformat(),
                "updated_at": row["updated_at"].isoformat(),
                "published_at": _iso_or_none(row["published_at"]),
                "submitted_by": row["submitted_by__username"],
                "reviewed_by": row["reviewed_by__username"],
                "last_reviewed_at": _iso_or_none(row["last_reviewed_at"]),
            }
        )
        if progress:
            progress.advance()
    json.dump(document, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    return len(rows)


def _iso_or_none(moment):
    return moment.isoformat() if moment else None


def _pick(obj, names) -> dict:
    values = {name: getattr(obj, name) for name in names}
    return {
        name: value.isoformat() if isinstance(value, datetime) else value for name, value in values.items()
    }


# --- import ---------------------------------------------------------------------------


@dataclass
class BankReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sources_created: int = 0
    sources_updated: int = 0
    tags_created: int = 0
    categories_created: int = 0
    missing_authors: set[str] = field(default_factory=set)

    def summary(self) -> str:
        return _(
            "questions: %(created)s created, %(updated)s updated, %(unchanged)s unchanged; "
            "sources: %(sources_created)s created, %(sources_updated)s updated; "
            "%(tags_created)s tags and %(categories_created)s categories created"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "sources_created": self.sources_created,
            "sources_updated": self.sources_updated,
            "tags_created": self.tags_created,
            "categories_created": self.categories_created,
        }

    def warnings(self) -> list[str]:
        if not self.missing_authors:
            return []
        return [
            _("no user named %(names)s here: those questions have no author")
            % {"names": ", ".join(sorted(self.missing_authors))}
        ]


def import_bank(
    document: dict,
    *,
    user,
    dry_run: bool = False,
    progress=None,
    on_phase: Callable[[str], None] | None = None,
) -> BankReport:
    """Load a checked document (`load_document`) into the bank, in one
    transaction, as `user` (`policies.SYSTEM` for the command line). Raises
    `PermissionDenied` unless the rule book lets `user` import a bank, and
    `BankFormatError` when a record cannot be saved (its Markdown too slow
    to render, say): the transaction then writes nothing."""
    if not policies.can_import_bank(user):
        raise PermissionDenied
    report = BankReport()
    with transaction.atomic():
        _BankLoader(document, report, progress).load()
        if dry_run:
            transaction.set_rollback(True)
    return report


@contextmanager
def _naming_slow_markdown(kind: str, indexes: list[int]):
    """`MarkdownTooSlow` from a bulk write of `kind` records → a
    `BankFormatError` naming the record (`indexes`: the record index of
    each object written) and its field."""
    try:
        yield
    except MarkdownTooSlow as error:
        index = indexes[error.item]
        raise BankFormatError(
            f"{kind}[{index}].{error.field}: {markdown_too_slow_message()}", record=(kind, index, error.field)
        ) from None


class _BankLoader:
    def __init__(self, document: dict, report: BankReport, progress):
        self.document, self.report, self.progress = document, report, progress
        self.now = timezone.now()

    def load(self) -> None:
        self.categories = self._categories()
        self.tags = self._tags()
        self.sources = self._sources()
        self._questions()

    def _categories(self) -> dict[str, int]:
        existing = {c.slug: c.pk for c in Category.objects.all()}
        for index, record in enumerate(self.document["categories"]):
            if record["slug"] not in existing:
                category = Category(
                    slug=record["slug"],
                    name=record["name"],
                    description=record.get("description", ""),
                    ordering=record.get("ordering", 0),
                )
                self._validate(category, f"categories[{index}]", exclude=[])
                category.save()
                existing[category.slug] = category.pk
                self.report.categories_created += 1
        return existing

    def _tags(self) -> dict[str, int]:
        by_slug, by_name = {}, {}
        for tag in Tag.objects.all():
            by_slug[tag.slug], by_name[tag.name] = tag.pk, tag.pk
        new, new_by_name, aliases = [], {}, {}
        for index, record in enumerate(self.document["tags"]):
            if record["slug"] in by_slug:
                continue
            if record["name"] in by_name:  # the same tag under another slug here
                by_slug[record["slug"]] = by_name[record["name"]]
                continue
            if record["name"] in new_by_name:  # twice in this file, under two slugs
                aliases[record["slug"]] = new_by_name[record["name"]]
                continue
            tag = Tag(slug=record["slug"], name=record["name"])
            self._validate(tag, f"tags[{index}]", exclude=[])
            new.append(tag)
            new_by_name[tag.name] = tag
        Tag.objects.bulk_create(new)
        self.report.tags_created = len(new)
        for tag in new:
            by_slug[tag.slug] = tag.pk
        for slug, tag in aliases.items():
            by_slug[slug] = tag.pk
        return by_slug

    def _sources(self) -> dict[str, int]:
        # Locked until the import commits: an editor saving meanwhile waits, then
        # meets the version the import moved on and gets the conflict message.
        existing = {s.slug: s for s in Source.objects.select_for_update()}
        changed, indexes = [], []
        for index, record in enumerate(self.document["sources"]):
            values = {
                "title": record["title"],
                "language": record.get("language", "zh-hans"),
                "url": record.get("url", ""),
                "intro": record.get("intro", ""),
                "conclusion": record.get("conclusion", ""),
                "appendix": record.get("appendix", ""),
                "notes": record.get("notes", ""),
                "created_at": self._moment(record, "created_at"),
                "updated_at": self._moment(record, "updated_at"),
            }
            source = existing.get(record["slug"])
            if source is None:
                source = existing[record["slug"]] = Source(slug=record["slug"], **values)
                self.report.sources_created += 1
            elif all(getattr(source, name) == value for name, value in values.items()):
                continue
            else:
                for name, value in values.items():
                    setattr(source, name, value)
                self.report.sources_updated += 1
            self._validate(source, f"sources[{index}]", exclude=[])
            changed.append(source)
            indexes.append(index)
        with _naming_slow_markdown("sources", indexes):
            Source.objects.bulk_import(changed, update_fields=SOURCE_COLUMNS)
        return {slug: source.pk for slug, source in existing.items()}

    def _questions(self) -> None:
        records = self.document["questions"]
        slugs = [record["slug"] for record in records]
        existing = {q.slug: q for q in Question.objects.select_for_update().filter(slug__in=slugs)}
        current_tags = defaultdict(set)
        through = Question.tags.through.objects.filter(question__slug__in=slugs)
        for question_id, tag_id in through.values_list("question_id", "tag_id"):
            current_tags[question_id].add(tag_id)
        occupied = {
            (source_id, position): slug
            for source_id, position, slug in Question.objects.filter(
                source_id__in=self.sources.values(), source_position__isnull=False
            ).values_list("source_id", "source_position", "slug")
        }
        authors = self._authors({record.get(name) for record in records for name in OPTIONAL_USERS} - {None})

        rows, indexes, seen_slugs, seen_positions = [], [], set(), {}
        for index, record in enumerate(records):
            where = f"questions[{index}]"
            if record["slug"] in seen_slugs:
                raise BankFormatError(
                    _("%(where)s: the slug “%(slug)s” appears twice") % {"where": where, **record}
                )
            seen_slugs.add(record["slug"])
            values = self._question_values(record, where, authors)
            key = (values["source_id"], values["source_position"])
            if values["source_id"] and values["source_position"] is not None:
                other = seen_positions.get(key) or occupied.get(key)
                if other and other != record["slug"]:
                    raise BankFormatError(
                        _("%(where)s: position %(position)s of source “%(source)s” is taken by “%(other)s”")
                        % {"where": where, "position": key[1], "source": record.get("source"), "other": other}
                    )
                seen_positions[key] = record["slug"]
            tag_ids = self._tag_ids(record, where)
            question = existing.get(record["slug"])
            if question is None:
                question = Question(slug=record["slug"], **values)
                self.report.created += 1
            elif (
                all(getattr(question, name) == value for name, value in values.items())
                and set(tag_ids) == current_tags[question.pk]
            ):
                self.report.unchanged += 1
                if self.progress:
                    self.progress.advance()
                continue
            else:
                for name, value in values.items():
                    setattr(question, name, value)
                self.report.updated += 1
            # Relations were resolved above; validating them again costs a query each.
            self._validate(
                question, where, exclude=["category", "source", "author", "submitted_by", "reviewed_by"]
            )
            rows.append((question, tag_ids))
            indexes.append(index)
        with _naming_slow_markdown("questions", indexes):
            Question.objects.bulk_import(
                rows,
                update_fields=QUESTION_COLUMNS,
                on_batch=self.progress.advance if self.progress else None,
            )

    def _question_values(self, record: dict, where: str, authors: dict[str, int]) -> dict:
        category_id = self.categories.get(record["category"])
        if category_id is None:
            raise BankFormatError(
                _("%(where)s: unknown category “%(category)s”")
                % {"where": where, "category": record["category"]}
            )
        source_id = None
        if record.get("source"):
            source_id = self.sources.get(record["source"])
            if source_id is None:
                raise BankFormatError(
                    _("%(where)s: unknown source “%(source)s”") % {"where": where, "source": record["source"]}
                )
        author = record.get("author")
        if author and author not in authors:
            self.report.missing_authors.add(author)
        return {
            "title": record["title"],
            "category_id": category_id,
            "difficulty": record.get("difficulty", Question.Difficulty.MEDIUM),
            "body": record.get("body", ""),
            "answer": record["answer"],
            "explanation": record.get("explanation", ""),
            "editor_note": record.get("editor_note", ""),
            "key_points": record.get("key_points", ""),
            "solutions": record.get("solutions", ""),
            "status": record.get("status", Question.Status.DRAFT),
            "author_id": authors.get(author),
            "source_id": source_id,
            "source_position": record.get("source_position"),
            "created_at": self._moment(record, "created_at"),
            "updated_at": self._moment(record, "updated_at"),
            "published_at": self._optional_moment(record, "published_at"),
            "submitted_by_id": authors.get(record.get("submitted_by")),
            "reviewed_by_id": authors.get(record.get("reviewed_by")),
            "last_reviewed_at": self._optional_moment(record, "last_reviewed_at"),
        }

    def _tag_ids(self, record: dict, where: str) -> list[int]:
        ids = []
        for slug in dict.fromkeys(record.get("tags", [])):
            if slug not in self.tags:
                raise BankFormatError(_("%(where)s: unknown tag “%(tag)s”") % {"where": where, "tag": slug})
            ids.append(self.tags[slug])
        return list(dict.fromkeys(ids))  # two slugs may name one tag

    def _authors(self, usernames: set[str]) -> dict[str, int]:
        users = get_user_model().objects.filter(username__in=usernames)
        return dict(users.values_list("username", "pk"))

    def _moment(self, record: dict, name: str) -> datetime:
        return datetime.fromisoformat(record[name]) if name in record else self.now

    @staticmethod
    def _optional_moment(record: dict, name: str) -> datetime | None:
        return datetime.fromisoformat(record[name]) if record.get(name) else None

    @staticmethod
    def _validate(obj, where: str, exclude: list[str]) -> None:
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            problems = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            # "questions[2]" → the record, and its first field at fault, for the line.
            kind, _bracket, index = where.rstrip("]").partition("[")
            field = next(iter(error.message_dict), None)
            record = (kind, int(index), None if field == "__all__" else field)
            raise BankFormatError(f"{where}: {problems}", record=record) from None
