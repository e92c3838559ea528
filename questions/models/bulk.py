"""The one bulk write path for questions: imports of thousands, rendered in
parallel with the writes, with revisions and search documents kept as
`save()` would keep them."""

import multiprocessing
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from django.apps import apps

from ..render_budget import render_many
from .base import BULK_IMPORT_REASON, RendersMarkdownQuerySet
from .search import search_documents_deferred

PARALLEL_RENDER_MIN_ROWS = 2000


def _render_batch(batch, pool=None) -> None:
    if pool is None:
        for question, _tag_ids in batch:
            question.render()
        return
    # A question's fields go to the renderer together, as `render()` sends
    # them: one round trip to a time-budgeted render process per question,
    # under the budget a save gets, rather than one per field.
    fields = type(batch[0][0]).MARKDOWN_FIELDS
    sources = [[getattr(question, name) for name in fields] for question, _ in batch]
    for (question, _tag_ids), html in zip(batch, pool.map(render_many, sources, chunksize=50), strict=True):
        for name, fragment in zip(fields, html, strict=True):
            setattr(question, f"{name}_html", fragment)
        question.refresh_quality_issues()


def _render_pool(rows: int):
    """Worker processes for rendering, or None for small imports (starting
    them costs about a second). Spawned, not forked: a forked child would
    share this process's database connection."""
    workers = os.cpu_count() or 1
    if rows < PARALLEL_RENDER_MIN_ROWS or workers < 2:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


class QuestionBulkQuerySet(RendersMarkdownQuerySet):
    """The bulk-import half of `QuestionQuerySet`."""

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
