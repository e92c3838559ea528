"""The one bulk write path for questions: imports of thousands, rendered in
parallel with the writes, with revisions and search documents kept as
`save()` would keep them."""

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.apps import apps

from ..markdown import MarkdownTooSlow, RenderPool
from ..quality.checks import content_issues
from .base import BULK_IMPORT_REASON, RendersMarkdownQuerySet
from .copy_rows import copy_rows, next_pks
from .link_targets import public_link_targets
from .search import search_documents_deferred

# Rows per budgeted render child: starting one costs ~0.3 s of a CPU, so a
# small import renders in one, a large one in one per CPU.
ROWS_PER_RENDERER = 500


def _renderers(rows: int) -> int:
    return max(1, min(os.cpu_count() or 1, rows // ROWS_PER_RENDERER))


class QuestionBulkQuerySet(RendersMarkdownQuerySet):
    """The bulk-import half of `QuestionQuerySet`."""

    def bulk_import(self, rows, *, update_fields=(), batch_size=1000, on_batch=None) -> None:
        """The one bulk write path for questions (JSON imports of thousands).

        `rows` are `(question, tag_ids)` pairs: a question without a pk is
        created, one with a pk has `update_fields` updated; `tag_ids=None`
        leaves its tags alone, a list replaces them. Slugs and timestamps are
        the caller's. `on_batch(n)` is called after each batch (progress).

        `Question.save()` is skipped for speed, so whatever `save()` keeps
        current must be kept current here too: Markdown is rendered (in the
        budgeted render children) and the quality checks run before the
        write; revision history hooks in here. Search documents
        are computed once per question after its tags are written (the
        triggers, deferred meanwhile, would compute a tagged question's twice).
        """
        through = self.model.tags.through
        rows = list(rows)
        if any(not question.slug for question, _ in rows):
            raise ValueError("bulk_import needs every question's slug")
        starts = range(0, len(rows), batch_size)
        # Rendering Markdown is most of an import's work, and writing a batch
        # mostly waits on Postgres: batches are rendered one after the other
        # (by budgeted render children, one per CPU for a large import; a
        # thread of ours only feeds them), ahead of the writes.
        feeder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-import-render")
        with RenderPool(_renderers(len(rows))) as pool:
            try:
                rendered = [
                    feeder.submit(self._render_batch, rows, start, batch_size, pool) for start in starts
                ]
                for start, rendering in zip(starts, rendered, strict=True):
                    content = rendering.result()
                    batch = rows[start : start + batch_size]
                    # The link checks may query the database: in this
                    # thread, inside the import's transaction.
                    link_targets = public_link_targets()
                    for (question, _tag_ids), issues in zip(batch, content, strict=True):
                        question.refresh_quality_issues(link_targets, issues)
                    self._write_batch(batch, update_fields, through)
                    if on_batch:
                        on_batch(len(batch))
            finally:
                # The batch rendering now, if any, is waited for: the pool's
                # children go back to the idle list after it.
                feeder.shutdown(cancel_futures=True)

    def _render_batch(self, rows, start: int, batch_size: int, pool: RenderPool) -> list:
        """Render a batch; its questions' content checks (no database), while
        the importing thread waits on Postgres."""
        batch = [question for question, _tag_ids in rows[start : start + batch_size]]
        try:
            self.model.render_all(batch, pool)
        except MarkdownTooSlow as error:
            # render_all() always names the object (`item`).
            raise MarkdownTooSlow(item=start + (error.item or 0), field=error.field) from None
        return [content_issues(question) for question in batch]

    def _write_batch(self, batch, update_fields, through) -> None:
        with search_documents_deferred(self.db) as written:
            replaced = [q.pk for q, tag_ids in batch if q.pk and tag_ids is not None]
            revisions = self._bulk_write(
                [question for question, _ in batch], update_fields, BULK_IMPORT_REASON, rendered=True
            )
            through.objects.filter(question_id__in=replaced).delete()
            # (id, question_id, tag_id) rows, without a model instance each.
            pairs = [(question.pk, tag_id) for question, tag_ids in batch for tag_id in tag_ids or ()]
            links = [
                (pk, *pair) for pk, pair in zip(next_pks(through, len(pairs), self.db), pairs, strict=True)
            ]
            copy_rows(through, ["id", "question_id", "tag_id"], links, self.db)
            # Questions whose tags were left alone keep the links they had.
            kept = [q.pk for q, tag_ids in batch if tag_ids is None]
            links += through.objects.filter(question_id__in=kept).values_list("id", "question_id", "tag_id")
            self._record_revision_tags(revisions, links)
            written.extend(question.pk for question, _ in batch)

    def _record_revision_tags(self, revisions, links) -> None:
        # simple-history's bulk path leaves out many-to-many fields; write each
        # revision's tags the way its own m2m tracking would.
        history_tags = apps.get_model("questions", "HistoricalQuestion_tags")
        links_of = defaultdict(list)
        for link in links:
            links_of[link[1]].append(link)
        rows = [
            (revision.pk, link_id, question_id, tag_id)
            for revision in revisions
            for link_id, question_id, tag_id in links_of[revision.id]
        ]
        pks = next_pks(history_tags, len(rows), self.db)
        copy_rows(
            history_tags,
            [history_tags._meta.pk.attname, "history_id", "id", "question_id", "tag_id"],
            ([pk, *row] for pk, row in zip(pks, rows, strict=True)),
            self.db,
        )
