"""Exports as jobs: the questions chosen in the admin (a selection, or every
question of a filtered changelist) written as JSON, Markdown, Anki or Moodle
to a private file that the person who asked may download for a while."""

import hashlib
import io
import tempfile

from django.core.files import File
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from jobs.models import Job
from jobs.tracking import RETRY, JobFailed, enqueue, run, succeed

from .. import policies
from ..exchange import anki, apkg, bank_json, markdown_export, moodle

# format → (file name, what it is called)
FORMATS = {
    "json": ("qbank-questions.json", "JSON"),
    "markdown": ("qbank-questions.md", "Markdown"),
    "apkg": ("qbank-questions.apkg", "Anki package"),
    "anki": ("qbank-questions.anki.txt", "Anki"),
    "moodle": ("qbank-questions.moodle.xml", "Moodle XML"),
}


def enqueue_export(*, user, format: str, question_ids: list[int]):
    ids = sorted(set(question_ids))
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    filename, label = FORMATS[format]
    return enqueue(
        export_questions,
        kind=Job.Kind.EXPORT,
        title=_("Export of %(count)s questions as %(format)s") % {"count": len(ids), "format": label},
        user=user,
        key=f"export:{format}:{user.pk}:{digest}",
        arguments={"format": format, "question_ids": ids, "filename": filename},
    )


@app.task(name="questions.export_questions", retry=RETRY)
def export_questions(job_id: int):
    run(job_id, _export)


def _export(job: Job, progress) -> None:
    if job.user is None or not job.user.is_active:
        raise JobFailed(_("The person who asked for this export no longer has an account."))
    format = job.arguments["format"]
    # What they may see now, which may be less than when they asked.
    questions = policies.visible_questions(job.user).filter(pk__in=job.arguments["question_ids"])
    count = questions.count()
    progress(0, count)
    with tempfile.TemporaryFile() as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        _write(format, questions, stream, progress)
        stream.flush()
        stream.detach()
        raw.seek(0)
        filename = job.arguments["filename"]
        succeed(
            job,
            _("%(count)s questions exported.") % {"count": count},
            result=File(raw),
            result_name=filename,
        )


def _write(format: str, questions, stream, progress) -> None:
    if format == "json":
        bank_json.dump_bank(questions, stream, complete=False, progress=progress)
    elif format == "markdown":
        markdown_export.write_markdown(questions.for_export().iterator(chunk_size=1000), stream)
    elif format == "apkg":
        stream.flush()
        apkg.write_apkg(questions.for_export().iterator(chunk_size=1000), stream.buffer, progress=progress)
    else:
        writer = anki.write_anki if format == "anki" else moodle.write_moodle
        writer(questions.for_export().iterator(chunk_size=1000), stream, progress=progress)
