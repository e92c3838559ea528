"""Export from the question changelist: an action per format, on the
selected questions or (with "select all") on every question the filters
chose. A job writes the file; its page offers the download."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..tasks.exports import FORMATS, enqueue_export

DESCRIPTIONS = {
    "json": gettext_lazy("Export as JSON"),
    "markdown": gettext_lazy("Export as Markdown"),
    "apkg": gettext_lazy("Export as an Anki deck (.apkg)"),
    "anki": gettext_lazy("Export as Anki notes (tab-separated)"),
    "moodle": gettext_lazy("Export as Moodle XML"),
}


def _export_action(format: str):
    def action(modeladmin, request, queryset):
        job, created = enqueue_export(
            user=request.user, format=format, question_ids=list(queryset.values_list("pk", flat=True))
        )
        if not created:
            messages.info(request, _("This export was already asked for: here is its progress."))
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    action.__name__ = f"export_{format}"
    return admin.action(description=DESCRIPTIONS[format], permissions=["view"])(action)


EXPORT_ACTIONS = [_export_action(format) for format in FORMATS]
