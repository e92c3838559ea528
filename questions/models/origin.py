"""Where an imported question came from: a note of an Anki deck, a Moodle
question, a spreadsheet row. Importing the same file again finds the
question by its origin and updates it instead of creating a duplicate."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .question import Question

EXTERNAL_ID_LENGTH = 200


def external_key(external_id: str) -> str:
    """The id as the file has it, or a hash of it when it is too long to index."""
    if len(external_id) <= EXTERNAL_ID_LENGTH:
        return external_id
    return "sha256:" + hashlib.sha256(external_id.encode()).hexdigest()


class ImportOriginQuerySet(models.QuerySet):
    def question_ids(self, format: str, external_ids) -> dict[str, int]:
        """{external key: question id} of these items of `format` imported before."""
        rows = self.filter(format=format, external_id__in=list(external_ids))
        return dict(rows.values_list("external_id", "question_id"))


class ImportOrigin(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="origins"
    )
    format = models.CharField(_("format"), max_length=20)
    file_name = models.CharField(_("file"), max_length=255)
    external_id = models.CharField(_("id in the file"), max_length=EXTERNAL_ID_LENGTH + 10)
    imported_at = models.DateTimeField(_("last imported"), default=timezone.now)

    objects = ImportOriginQuerySet.as_manager()

    class Meta:
        verbose_name = _("import origin")
        verbose_name_plural = _("import origins")
        constraints = [
            models.UniqueConstraint(fields=["format", "external_id"], name="import_origin_unique_item"),
        ]

    def __str__(self) -> str:
        return f"{self.format}:{self.file_name}:{self.external_id}"
