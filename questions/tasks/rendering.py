"""Rendering the stored HTML of every question and source again (after the
renderer or its rules changed), as a job or at the command line. Text,
versions and revisions stay as they are: only the derived HTML changes.
Batches are committed one by one; a retry renders again what was done,
which changes nothing."""

from django.db import transaction
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from jobs.models import Job
from jobs.tracking import RETRY, enqueue, run, succeed

from ..markdown import MarkdownTooSlow
from ..models import Question, Source

BATCH = 200


def enqueue_rerender():
    return enqueue(
        rerender_markdown, kind=Job.Kind.RERENDER, title=_("Render the stored Markdown again"), key="rerender"
    )


@app.task(name="questions.rerender_markdown", retry=RETRY)
def rerender_markdown(job_id: int):
    run(job_id, _rerender_job)


def _rerender_job(job: Job, progress) -> None:
    summary, slow = rerender_everything(progress)
    succeed(job, "\n".join(summary), slow)


def rerender_everything(progress=None) -> tuple[list[str], list[str]]:
    """(a line per model saying how many were rendered again, a line per
    text too slow to render, which keeps its old HTML)."""
    if progress:
        progress(0, Question.objects.count() + Source.objects.count())
    summary, slow = [], []
    for model in (Question, Source):
        changed, too_slow = _rerender(model, progress)
        name = model._meta.verbose_name_plural
        summary.append(_("%(name)s: %(count)s rendered again") % {"name": name, "count": changed})
        slow += [
            _("%(name)s: “%(slug)s” takes too long to render; its old HTML was kept")
            % {"name": name, "slug": slug}
            for slug in too_slow
        ]
    return summary, slow


def _rerender(model, progress) -> tuple[int, list[str]]:
    source_fields, html_fields = model.rendered_fields()
    changed, slow = 0, []
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = []
        objects = model.objects.filter(pk__in=pks[start : start + BATCH])
        for obj in objects.only("slug", *source_fields, *html_fields):
            before = [getattr(obj, field) for field in html_fields]
            try:
                obj.render()
            except MarkdownTooSlow:
                slow.append(obj.slug)
                continue
            if [getattr(obj, field) for field in html_fields] != before:
                batch.append(obj)
        with transaction.atomic():
            model.objects.bulk_update(batch, html_fields)
        changed += len(batch)
        if progress:
            progress.advance(len(pks[start : start + BATCH]))
    return changed, slow
