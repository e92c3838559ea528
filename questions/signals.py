"""Keep derived data current on save paths that bypass `Model.save()`.

`loaddata` saves rows "raw": no `save()` override runs and django-simple-history
records nothing, so a fixture row would arrive without rendered HTML and without
a revision. Render it here, write it back with an UPDATE (which sends no further
signals), and record the loaded content as a revision.

Also the workflow's own signals that start a job: the workflow sits below the
job queue's tasks, so it announces and this module queues.
"""

from django.db import connections
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver

from .editorial.reports import report_resolved
from .models import Category, Question, Source, Tag
from .tasks.reports import queue_resolution_notice


def _render_stored_row(instance) -> None:
    instance.render()
    fields = {name: getattr(instance, name) for name in instance.derived_fields()}
    # A fixture that resets a row must not rewind its version: a form opened
    # before the reset would then match a later version and overwrite it.
    recorded = instance.history.filter(id=instance.pk).aggregate(latest=Max("version"))["latest"]
    if recorded is not None and recorded >= instance.version:
        instance.version = fields["version"] = recorded + 1
    type(instance).objects.filter(pk=instance.pk).update(**fields)


@receiver(post_save, sender=Question)
@receiver(post_save, sender=Source)
def render_and_record_raw_rows(sender, instance, raw, **kwargs):
    if raw:
        _render_stored_row(instance)
        sender.history.bulk_history_create([instance], default_change_reason="Loaded from a fixture")


@receiver(post_save, sender=Category)
@receiver(post_save, sender=Tag)
def recount_raw_rows(sender, instance, raw, using, **kwargs):
    # A fixture row carries no published count (the field is not serialized)
    # and its raw save wrote the default over the one the triggers keep.
    if raw:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT qbank_recount_published()")


@receiver(report_resolved)
def tell_the_reporter(sender, report, **kwargs):
    # In the resolving transaction: the job exists exactly when the resolution does.
    queue_resolution_notice(report, report.language)
