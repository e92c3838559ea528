"""Save parsed articles (`questions.exchange.parser`) into the bank.

An article becomes a Source and its questions, matched on (source, position)
so that importing the same article again updates it in place. Everything is
checked before anything is written, and all articles of one import are
written in one transaction: a problem anywhere leaves the database as it was.

What a re-import changes and what it keeps:
- title, prompt, answer and explanation follow the article;
- the category follows the article when the article says it (its section, a
  comment, front matter or `--category-map`); a category guessed from the
  title is only used for new questions, so an editor's later choice stays;
- difficulty and tags change only when the article states them;
- the status changes only when one is asked for (new questions are drafts
  unless told otherwise);
- an editor's note is filled from the article when empty, never overwritten;
- a question edited in the admin since the article was last imported (its
  text differs from the revision the last import left) is a *conflict*: the
  import keeps the web edit, takes the file's text or fails, per question
  (`on_conflict`, `resolutions`), never overwrites it unasked.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from questions import policies
from questions.editorial.diffs import DiffBudget
from questions.editorial.revisions import compare, one_revision, snapshot
from questions.exchange.article_checks import check_article
from questions.exchange.conflicts import (
    CONFLICT_CHOICES,
    FAIL,
    KEEP,
    TAKE,
    ImportConflicts,
    edited_since_import,
    mark_imported,
)
from questions.exchange.parser import ParsedArticle, ParsedQuestion, ParseError
from questions.markdown import MarkdownTooSlow
from questions.models import (
    MAX_REASON_LENGTH,
    Category,
    EditConflict,
    Question,
    Source,
    Tag,
    markdown_too_slow_message,
    unique_slug,
)
from questions.models.base import plain_newlines

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# A conflicting question whose web edit was kept: the import left it alone.
KEPT = "kept"
SOURCE_FIELDS = ("title", "language", "url", "intro", "conclusion", "appendix")


@dataclass
class ArticleReport:
    article: ParsedArticle
    source: Source | None = None
    source_state: str = ""
    # (parsed question, what happened, the saved question), in article order.
    items: list[tuple[ParsedQuestion, str, Question]] = field(default_factory=list)
    # Positions in the database that the article no longer has: left alone.
    stale_positions: list[int] = field(default_factory=list)
    # Positions whose editor's note was kept although the article has another.
    kept_editor_notes: list[int] = field(default_factory=list)
    # conflict key → what the import changes (or would, for a kept web edit):
    # `revisions.FieldChange`s, for the preview's diffs.
    changes: dict[str, list] = field(default_factory=dict)
    # Questions edited in the admin since the last import: (key, parsed, question).
    conflicts: list[tuple[str, ParsedQuestion, Question]] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for _parsed, item_state, _question in self.items if item_state == state)

    @property
    def title(self) -> str:
        return self.article.title or _("Questions without a source article")

    def counts(self) -> str:
        counts = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.count(CREATED),
            "updated": self.count(UPDATED),
            "unchanged": self.count(UNCHANGED),
        }
        if kept := self.count(KEPT):
            counts += ", " + ngettext("%(kept)s web edit kept", "%(kept)s web edits kept", kept) % {
                "kept": kept
            }
        return counts

    def key(self, parsed: ParsedQuestion) -> str:
        """Names a question of this import (a conflict's resolution is keyed by it)."""
        if self.article.standalone:
            return f"slug:{parsed.slug}"
        return f"{self.article.source_slug}#{parsed.position}"

    def summary(self) -> str:
        return f"{self.title}: {self.counts()}"

    def warnings(self) -> list[str]:
        messages = []
        if self.stale_positions:
            positions = ", ".join(map(str, self.stale_positions))
            messages.append(
                ngettext(
                    "question %(positions)s is in the database but not in the article; left as it is",
                    "questions %(positions)s are in the database but not in the article; left as they are",
                    len(self.stale_positions),
                )
                % {"positions": positions}
            )
        if skipped := self.article.skipped_lines:
            messages.append(
                _("lines %(lines)s are outside every question and part of the article; not imported")
                % {"lines": _line_ranges(skipped)}
            )
        if self.kept_editor_notes:
            messages.append(
                _("kept the existing editor's note of question %(positions)s (the article has another)")
                % {"positions": ", ".join(map(str, self.kept_editor_notes))}
            )
        return messages


def _line_ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5, 9"."""
    ranges, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current != previous + 1:
            ranges.append(f"{start}–{previous}" if previous != start else str(start))
            start = current
    return ", ".join(ranges)


def import_articles(
    articles: list[ParsedArticle],
    *,
    user,
    status: str | None = None,
    author=None,
    dry_run: bool = False,
    on_question: Callable[[], None] | None = None,
    on_conflict: str = KEEP,
    resolutions: dict[str, str] | None = None,
    reason: str = "",
) -> list[ArticleReport]:
    """Save `articles` in one transaction (rolled back when `dry_run`), as
    `user` (a user, or `policies.SYSTEM` for the command line).
    Raises `ParseError` (naming the article's line) before writing anything.

    A question edited in the admin since the article was last imported is
    resolved by `resolutions[key]` (`ArticleReport.key`), else `on_conflict`:
    KEEP the web edit, TAKE the file's text, or FAIL — `ImportConflicts`
    listing every such question, nothing saved. `reason` is the change
    reason of the revisions the import writes.

    The rule book decides: `PermissionDenied` if `user` may not import or
    set `status`; a `ParseError` naming the line of a question (or article)
    that `user` may not change — for an editor, a question that is not a
    draft, or the text of an article with published questions."""
    if (status or "") not in policies.importable_statuses(user):
        raise PermissionDenied
    categories = Category.objects.in_bulk(field_name="slug")
    for article in articles:
        check_article(article, categories)
    with transaction.atomic():
        importer = _ArticleImporter(
            categories,
            user=user,
            status=status,
            author=author,
            on_question=on_question,
            on_conflict=on_conflict,
            resolutions=resolutions or {},
            reason=reason.strip()[:MAX_REASON_LENGTH] or _("Imported"),
        )
        reports = [_save_or_explain(importer, article) for article in articles]
        failed = [
            (report, parsed, question)
            for report in reports
            for key, parsed, question in report.conflicts
            if importer.resolution(key) == FAIL
        ]
        if failed:
            raise ImportConflicts(failed)
        if dry_run:
            transaction.set_rollback(True)
    return reports


def _save_or_explain(importer, article: ParsedArticle):
    """What can go wrong only while writing, as a ParseError naming the line
    (the caller's transaction then rolls everything back)."""
    try:
        return importer.save(article)
    except IntegrityError:
        # Another import created the same article or question between our
        # check and our insert (two editors confirming at once).
        raise ParseError(
            article.line,
            _(
                "someone imported the same article at the same time; nothing was imported. "
                "Look at the questions, then import again"
            ),
            article.origin,
        ) from None


class _ArticleImporter:
    def __init__(self, categories, *, user, status, author, on_question, on_conflict, resolutions, reason):
        if on_conflict not in CONFLICT_CHOICES:
            raise ValueError(f"on_conflict: {on_conflict!r}")
        self.user = user
        self.categories = categories
        self.status = status
        self.author = author
        self.on_question = on_question
        self.on_conflict = on_conflict
        self.resolutions = resolutions
        self.reason = reason
        # The preview shows every question's diffs on one page: one budget for all.
        self.diff_budget = DiffBudget()

    def resolution(self, key: str) -> str:
        choice = self.resolutions.get(key)
        return choice if choice in (KEEP, TAKE) else self.on_conflict

    def save(self, article: ParsedArticle) -> ArticleReport:
        report = ArticleReport(article)
        if article.standalone:
            slugs = [parsed.slug for parsed in article.questions if parsed.slug]
            existing = {q.slug: q for q in self._existing(slug__in=slugs)}
            key = "slug"
        else:
            try:
                report.source, report.source_state = self._save_source(article)
            except EditConflict:
                raise ParseError(
                    article.line,
                    _("the article was saved by someone else while the import ran; nothing was imported"),
                    article.origin,
                ) from None
            except MarkdownTooSlow:
                raise ParseError(article.line, markdown_too_slow_message(), article.origin) from None
            existing = {q.source_position: q for q in self._existing(source=report.source)}
            key = "position"
        for parsed in article.questions:
            question = existing.pop(getattr(parsed, key), None)
            try:
                state, question = self._save_question(parsed, question, report)
            except EditConflict:
                raise ParseError(
                    parsed.line,
                    _(
                        "question %(position)s was saved by someone else while the import ran; "
                        "nothing was imported. Import again to see their change"
                    )
                    % {"position": parsed.position},
                    article.origin,
                ) from None
            except MarkdownTooSlow:
                raise ParseError(parsed.line, markdown_too_slow_message(), article.origin) from None
            report.items.append((parsed, state, question))
            if self.on_question:
                self.on_question()
        if not article.standalone:
            report.stale_positions = sorted(existing)
        return report

    @staticmethod
    def _existing(**lookup):
        # What the diffs and the conflict check read, without a query per question.
        return Question.objects.filter(**lookup).select_related("category", "source").prefetch_related("tags")

    def _save_source(self, article: ParsedArticle) -> tuple[Source, str]:
        values = {name: getattr(article, name) for name in SOURCE_FIELDS}
        source = Source.objects.filter(slug=article.source_slug).first()
        if source is None:
            source = Source(slug=article.source_slug, **values)
            source.save()
            return source, CREATED
        if all(getattr(source, name) == value for name, value in values.items()):
            return source, UNCHANGED
        if not policies.can_edit_source(self.user, source):
            raise ParseError(
                article.line,
                _("the article “%(title)s” has published questions: an import may not change its text")
                % {"title": source.title},
                article.origin,
            )
        for name, value in values.items():
            setattr(source, name, value)
        source._change_reason = self.reason
        source.save()
        return source, UPDATED

    def _save_question(self, parsed: ParsedQuestion, question: Question | None, report: ArticleReport):
        values = {
            "title": parsed.title,
            "body": parsed.body,
            "answer": parsed.answer,
            "explanation": parsed.explanation,
        }
        if question is None or not parsed.category_inferred:
            values["category"] = self.categories[parsed.category]
        if parsed.difficulty:
            values["difficulty"] = parsed.difficulty
        if self.status:
            values["status"] = self.status
            if self.status == Question.Status.REVIEW and self.author is not None:
                values["submitted_by"] = self.author
        tags = self._tags(parsed.tags) if parsed.tags is not None else None

        if question is None:
            question = Question(
                **values,
                editor_note=parsed.editor_note,
                key_points=parsed.key_points,
                solutions=parsed.solutions,
                author=self.author,
            )
            if not report.article.standalone:
                question.source, question.source_position = report.source, parsed.position
            if parsed.slug and not Question.objects.filter(slug=parsed.slug).exists():
                question.slug = parsed.slug
            question._change_reason = self.reason
            with one_revision(question, created=True):
                question.save()
                if tags:
                    question.tags.set(tags)
            mark_imported(question)
            return CREATED, question

        key = report.key(parsed)
        # Text saved before line ends were made plain may hold CRLF: the
        # file's LF is the same text, not a change (nor a conflict).
        before = {name: plain_newlines(value) for name, value in snapshot(Question, question).items()}
        changes = compare(
            Question, before, self._proposed(before, values, tags, parsed, question), self.diff_budget
        )
        if changes:
            report.changes[key] = changes
        if any(change.name != "status" for change in changes) and edited_since_import(question):
            report.conflicts.append((key, parsed, question))
            if self.resolution(key) != TAKE:
                # Kept (for FAIL, import_articles raises once all are listed).
                return KEPT, question

        changed = False
        for name, value in values.items():
            if getattr(question, name) != value:
                setattr(question, name, value)
                changed = True
        if parsed.editor_note and parsed.editor_note != question.editor_note:
            if question.editor_note:
                report.kept_editor_notes.append(parsed.position)
            else:
                question.editor_note = parsed.editor_note
                changed = True
        # Key points like the editor's note: the file's fill a question that has
        # none; ones written on the web (the seed's, say) are kept.
        if parsed.key_points and not question.key_points:
            question.key_points = parsed.key_points
            changed = True
        # Solutions too: the seed's coding question keeps what editors added.
        if parsed.solutions and not question.solutions:
            question.solutions = parsed.solutions
            changed = True
        tags_changed = tags is not None and {t.pk for t in tags} != {t.pk for t in question.tags.all()}
        if (changed or tags_changed) and not policies.can_edit_question(self.user, question):
            raise ParseError(
                parsed.line,
                _(
                    "“%(title)s” is %(status)s: an import may change drafts only; ask a publisher to send it back to draft first"
                )
                % {"title": question.title, "status": question.get_status_display().lower()},
                report.article.origin,
            )
        if changed or tags_changed:
            # One revision with the new text and tags; save() also moves the
            # version on, so an editor's open form cannot overwrite the import.
            question._change_reason = self.reason
            with one_revision(question):
                question.save()
                if tags_changed:
                    question.tags.set(tags)
        mark_imported(question)
        return (UPDATED if changed or tags_changed else UNCHANGED), question

    def _proposed(self, before: dict, values: dict, tags, parsed: ParsedQuestion, question) -> dict:
        """`before` (a snapshot) as the import would leave it."""
        after = dict(before)
        for name in ("title", "body", "answer", "explanation"):
            after[name] = values[name]
        if "category" in values:
            after["category"] = str(values["category"])
        if "difficulty" in values:
            after["difficulty"] = str(Question.Difficulty(values["difficulty"]).label)
        if "status" in values:
            after["status"] = str(Question.Status(values["status"]).label)
        if tags is not None:
            after["tags"] = ", ".join(sorted(tag.name for tag in tags))
        if parsed.editor_note and not question.editor_note:
            after["editor_note"] = parsed.editor_note
        if parsed.key_points and not question.key_points:
            after["key_points"] = parsed.key_points
        if parsed.solutions and not question.solutions:
            after["solutions"] = parsed.solutions
        return after

    def _tags(self, names: list[str]) -> list[Tag]:
        tags = []
        for name in dict.fromkeys(names):
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag(name=name)
                tag.slug = unique_slug(Tag, name)
                tag.save()
            tags.append(tag)
        return tags
