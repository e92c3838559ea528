"""Article and bank imports as jobs: the stored upload is parsed, checked and
imported in one transaction, together with the job's "succeeded"; a problem
fails the job with `file:line: message` lines and writes nothing."""

import hashlib
import json

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from jobs.models import Job
from jobs.tracking import RETRY, JobFailed, enqueue, run, succeed

from .. import policies
from ..exchange.articles import import_articles
from ..exchange.bank_format import BankFormatError, load_document, record_line
from ..exchange.bank_json import import_bank
from ..exchange.conflicts import KEEP, TAKE
from ..exchange.parser import ParseError, parse_text
from ..exchange.preview import article_preview

# The preview's confirmation carries the article, signed: what was previewed
# is what is imported.
PREVIEW_SIGNING_SALT = "questions.admin_import"


def content_key(kind: str, data: bytes, **options) -> str:
    """Two submissions of the same file with the same choices are one job."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps(options, sort_keys=True).encode())
    return f"{kind}:{digest.hexdigest()}"


def enqueue_article_preview(*, user, name: str, text: str, status, reason: str, language: str):
    data = text.encode()
    options = {"name": name, "status": status, "reason": reason, "language": language}
    return enqueue(
        preview_article,
        kind=Job.Kind.ARTICLE_PREVIEW,
        title=_("Preview of %(name)s") % {"name": name},
        user=user,
        # Each person's own preview: what they may import differs.
        key=content_key("article-preview", data, user=user.pk, **options),
        arguments=options,
        input_name=name,
        input_data=data,
    )


def enqueue_article_import(*, user, name: str, text: str, status, reason: str, resolutions: dict):
    data = text.encode()
    options = {"name": name, "status": status, "reason": reason, "resolutions": resolutions}
    return enqueue(
        import_article,
        kind=Job.Kind.ARTICLE_IMPORT,
        title=_("Import of %(name)s") % {"name": name},
        user=user,
        key=content_key("article", data, **options),
        arguments=options,
        input_name=name,
        input_data=data,
    )


def enqueue_bank_import(*, user, name: str, data: bytes):
    return enqueue(
        import_bank_file,
        kind=Job.Kind.BANK_IMPORT,
        title=_("Import of %(name)s") % {"name": name},
        user=user,
        key=content_key("bank", data, name=name),
        arguments={"name": name},
        input_name=name,
        input_data=data,
    )


def import_actor(job: Job):
    """Who the import acts as: the person who started it, if they still may."""
    if job.user is None or not job.user.is_active:
        raise JobFailed(_("The person who started this import no longer has an account."))
    return job.user


@app.task(name="questions.preview_article", retry=RETRY)
def preview_article(job_id: int):
    run(job_id, _preview_article)


def _preview_article(job: Job, progress) -> None:
    """The dry run of the import, rendered: minutes for a long article of
    slow Markdown, which no request may spend."""
    options = job.arguments
    name = options["name"]
    with job.input_file.open("rb") as stored:
        text = stored.read().decode()
    with translation.override(options.get("language")):
        articles = _parsed(text, name)
        count = sum(len(article.questions) for article in articles)
        progress(0, 2 * count)  # the dry run, then the rendering of each question
        try:
            reports = import_articles(
                articles,
                user=import_actor(job),
                status=options.get("status"),
                author=job.user,
                dry_run=True,
                on_question=progress.advance,
                on_conflict=KEEP,
                reason=options.get("reason", ""),
            )
        except ParseError as error:
            raise JobFailed(_("Nothing can be imported."), [_article_problem(name, error)]) from None
        except PermissionDenied:
            raise JobFailed(_("You may not import with this status.")) from None
        previews = [article_preview(report, on_question=progress.advance) for report in reports]
        payload = signing.dumps(
            {
                "name": name,
                "text": text,
                "status": options.get("status"),
                "reason": options.get("reason", ""),
            },
            salt=PREVIEW_SIGNING_SALT,
            compress=True,
        )
        succeed(
            job,
            "\n".join(report.summary() for report in reports),
            outcome={"previews": previews, "payload": payload},
            result_url=reverse("admin:questions_question_import_preview", args=[job.pk]),
        )


def _parsed(text: str, name: str):
    try:
        return parse_text(text, origin=name)
    except ParseError as error:
        raise JobFailed(_("The file could not be read."), [_article_problem(name, error)]) from None


def _article_problem(name: str, error: ParseError) -> str:
    return f"{error.origin or name}:{error.line}: {error.message}"


@app.task(name="questions.import_article", retry=RETRY)
def import_article(job_id: int):
    run(job_id, _import_article)


def _import_article(job: Job, progress) -> None:
    options = job.arguments
    name = options["name"]
    with job.input_file.open("rb") as stored:
        text = stored.read().decode()
    articles = _parsed(text, name)
    progress(0, sum(len(article.questions) for article in articles))
    resolutions = {
        key: value for key, value in options.get("resolutions", {}).items() if value in (KEEP, TAKE)
    }
    user = import_actor(job)
    try:
        with transaction.atomic():
            reports = import_articles(
                articles,
                user=user,
                status=options.get("status"),
                author=user,
                on_question=progress.advance,
                on_conflict=KEEP,
                resolutions=resolutions,
                reason=options.get("reason", ""),
            )
            succeed(
                job, "\n".join(report.summary() for report in reports), _article_notes(reports, resolutions)
            )
    except ParseError as error:
        raise JobFailed(_("Nothing was imported."), [_article_problem(name, error)]) from None
    except PermissionDenied:
        raise JobFailed(_("You may not import with this status.")) from None


def _article_notes(reports, resolutions) -> list[str]:
    notes = []
    for report in reports:
        notes += [
            f"{report.article.origin}:{report.article.line}: {warning}" for warning in report.warnings()
        ]
        for key, parsed, question in report.conflicts:
            verdict = (
                _("edited on the web since the last import: took the file's text")
                if resolutions.get(key) == TAKE
                else _("edited on the web since the last import: kept the web edit")
            )
            notes.append(f"{report.article.origin}:{parsed.line}: “{question.title}” {verdict}")
    return notes


@app.task(name="questions.import_bank", retry=RETRY)
def import_bank_file(job_id: int):
    run(job_id, _import_bank)


def _import_bank(job: Job, progress) -> None:
    name = job.arguments["name"]
    with job.input_file.open("rb") as stored:
        data = stored.read()
    try:
        document = load_document(data)
    except ParseError as error:
        raise JobFailed(_("The file could not be read."), [f"{name}:{error.line}: {error.message}"]) from None
    except BankFormatError as error:
        raise JobFailed(_("The file could not be read."), [_bank_problem(name, data, error)]) from None
    progress(0, len(document["questions"]))
    user = import_actor(job)
    if not policies.can_import_bank(user):
        raise JobFailed(_("You may not import a bank."))
    try:
        with transaction.atomic():
            report = import_bank(document, user=user, progress=progress)
            succeed(job, report.summary(), report.warnings())
    except BankFormatError as error:
        raise JobFailed(_("Nothing was imported."), [_bank_problem(name, data, error)]) from None


def _bank_problem(name: str, data: bytes, error: BankFormatError) -> str:
    """`file:line: message`, the line of the record (and field) at fault."""
    line = record_line(data.decode("utf-8-sig"), *error.record) if error.record else None
    return f"{name}:{line}: {error}" if line else f"{name}: {error}"
