"""Imports of Anki packages, Moodle XML and spreadsheets as jobs.

The preview job reads the upload, runs the import as a dry run and keeps
what the preview page shows (its `outcome`); it keeps the upload itself as
its result file (deleted with it after JOB_RESULT_HOURS), so that a preview
with another mapping, and the import, read the very file that was
previewed without it travelling through the browser again. The import job
writes everything in one transaction with the job's success; a problem
fails the job with `file:location: message` lines and writes nothing.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from jobs.models import Job
from jobs.tracking import RETRY, JobFailed, enqueue, run, succeed

from ..exchange.foreign.archive import ImportLimits
from ..exchange.foreign.problems import ImportProblems
from ..exchange.foreign.read import detect_format, read_foreign
from ..exchange.foreign.save import save_bank
from .imports import content_key, import_actor

# A preview lists this many items; the counts cover them all.
PREVIEW_ITEMS = 1000


def enqueue_foreign_preview(
    *, user, name: str, format: str, status, reason: str, mapping: dict, data=None, upload_job=None
):
    """A dry run of the file: `data` (a new upload), or the upload an
    earlier preview (`upload_job`) keeps."""
    options = {
        "name": name, "format": format, "status": status, "reason": reason, "mapping": mapping,
        "upload_job": upload_job.pk if upload_job else None,
    }  # fmt: skip
    key_data = data if data is not None else f"job:{upload_job.pk}".encode()
    return enqueue(
        preview_foreign_import,
        kind=Job.Kind.FOREIGN_PREVIEW,
        title=_("Preview of %(name)s") % {"name": name},
        user=user,
        key=content_key("foreign-preview", key_data, user=user.pk, **options),
        arguments=options,
        input_name=name,
        input_data=data,
    )


def enqueue_foreign_import(*, user, preview: Job, mapping: dict):
    options = {**preview.arguments, "mapping": mapping, "upload_job": upload_of(preview).pk}
    options.pop("language", None)
    return enqueue(
        import_foreign,
        kind=Job.Kind.FOREIGN_IMPORT,
        title=_("Import of %(name)s") % {"name": options["name"]},
        user=user,
        key=content_key("foreign-import", f"job:{options['upload_job']}".encode(), **options),
        arguments=options,
    )


def upload_of(job: Job) -> Job:
    """The preview job that keeps the uploaded file (the job itself, for a first preview)."""
    upload_job = job.arguments.get("upload_job")
    return Job.objects.get(pk=upload_job) if upload_job else job


def _data(job: Job) -> bytes:
    if job.input_file:
        with job.input_file.open("rb") as stored:
            return stored.read()
    source = Job.objects.filter(pk=job.arguments.get("upload_job")).first()
    if source is None or not source.result_file:
        raise JobFailed(_("The uploaded file is no longer kept; please upload it again."))
    with source.result_file.open("rb") as stored:
        return stored.read()


def _read(job: Job, data: bytes):
    options, name = job.arguments, job.arguments["name"]
    try:
        format = options.get("format") or detect_format(data, name)
        return read_foreign(format, data, name, ImportLimits.from_settings(), options.get("mapping"))
    except ImportProblems as error:
        raise JobFailed(_("Nothing can be imported."), error.lines(name)) from None


@app.task(name="questions.preview_foreign_import", retry=RETRY)
def preview_foreign_import(job_id: int):
    run(job_id, _preview)


def _preview(job: Job, progress) -> None:
    options, name = job.arguments, job.arguments["name"]
    data = _data(job)
    bank, media = _read(job, data)
    progress(0, len(bank.items))
    try:
        report = save_bank(
            bank, media, user=import_actor(job), status=options.get("status"), reason=options.get("reason", ""),
            mapping=options.get("mapping"), dry_run=True, progress=progress,
        )  # fmt: skip
    except ImportProblems as error:
        raise JobFailed(_("Nothing can be imported."), error.lines(name)) from None
    except PermissionDenied:
        raise JobFailed(_("You may not import with this status.")) from None
    outcome = {
        "format": bank.format,
        "summary": report.summary(),
        "items": [list(item) for item in report.items[:PREVIEW_ITEMS]],
        "more_items": max(0, len(report.items) - PREVIEW_ITEMS),
        "notes": report.notes(name),
        "groups": bank.groups,
        "layouts": bank.layouts,
        "mapping": options.get("mapping") or {},
    }
    keep = {} if options.get("upload_job") else {"result": ContentFile(data), "result_name": name}
    succeed(
        job, report.summary(), outcome=outcome,
        result_url=reverse("admin:questions_question_import_any_preview", args=[job.pk]), **keep,
    )  # fmt: skip


@app.task(name="questions.import_foreign", retry=RETRY)
def import_foreign(job_id: int):
    run(job_id, _import)


def _import(job: Job, progress) -> None:
    options, name = job.arguments, job.arguments["name"]
    bank, media = _read(job, _data(job))
    progress(0, len(bank.items))
    user = import_actor(job)
    try:
        with transaction.atomic():
            report = save_bank(
                bank, media, user=user, status=options.get("status"), reason=options.get("reason", ""),
                mapping=options.get("mapping"), progress=progress,
            )  # fmt: skip
            succeed(job, report.summary(), report.notes(name))
    except ImportProblems as error:
        raise JobFailed(_("Nothing was imported."), error.lines(name)) from None
    except PermissionDenied:
        raise JobFailed(_("You may not import with this status.")) from None
