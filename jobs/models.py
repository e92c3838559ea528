"""What staff see of a job: its kind, who started it, how far it is, and how
it ended. procrastinate keeps the queue itself (its own tables); a task
updates this row as it goes (jobs/tracking.py)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def job_files():
    # A callable, so the storage is looked up when used (tests override it)
    # and never written into migrations.
    return storages["jobs"]


class JobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=Job.UNFINISHED)

    def expired(self, now=None):
        return self.exclude(result_file="").filter(expires_at__lte=now or timezone.now())


class Job(models.Model):
    class Kind(models.TextChoices):
        ARTICLE_PREVIEW = "article-preview", _("Article import preview")
        ARTICLE_IMPORT = "article-import", _("Article import")
        BANK_IMPORT = "bank-import", _("Bank import")
        FOREIGN_PREVIEW = "foreign-preview", _("Anki, Moodle or spreadsheet import preview")
        FOREIGN_IMPORT = "foreign-import", _("Anki, Moodle or spreadsheet import")
        EXPORT = "export", _("Export")
        RERENDER = "rerender", _("Markdown re-rendering")
        FSRS_OPTIMISATION = "fsrs-optimisation", _("FSRS parameter optimisation")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What makes two submissions the same job (an upload's hash, say): while
    # one is unfinished, another with the same key is refused (a double submit).
    key = models.CharField(_("key"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    input_file = models.FileField(_("input"), storage=job_files, upload_to="inputs/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    # "file:line: what is wrong" lines (or warnings), shown on the result page.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # What the result page needs (an import preview, say), and where it is.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    result_url = models.CharField(_("result page"), max_length=300, blank=True)
    result_file = models.FileField(_("result"), storage=job_files, upload_to="results/", blank=True)
    expires_at = models.DateTimeField(_("download expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["queued", "running"]) & ~Q(key=""),
                name="jobs_one_unfinished_job_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status not in self.UNFINISHED

    @property
    def percent(self) -> int | None:
        return 100 * self.done // self.total if self.total else None

    def download_available(self, now=None) -> bool:
        return (
            bool(self.result_file)
            and self.expires_at is not None
            and self.expires_at > (now or timezone.now())
        )
