"""Keep derived data current on save paths that bypass `Model.save()`.

`loaddata` saves rows "raw": no `save()` override runs and django-simple-history
records nothing, so a fixture row would arrive without rendered HTML and without
a revision. Render it here, write it back with an UPDATE (which sends no further
signals), and record the loaded content as a revision.
"""

from functools import partial

from django.db.models import Max
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import QUESTION_HISTORY, Question, Source


def _render_stored_row(instance) -> None:
    instance.render()
    fields = {f"{name}_html": getattr(instance, f"{name}_html") for name in instance.MARKDOWN_FIELDS}
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


def _record_tag_changes(sender, instance, action, reverse, pk_set, **kwargs):
    """Question.tags changed. From the question's side, simple-history records
    the question as usual. From the tag's side (`tag.questions.add(q)`) its
    receiver would try to record the *tag*, which has no history, and fail:
    record each question whose tags changed instead."""
    if not reverse:
        QUESTION_HISTORY.m2m_changed(instance, action, None, pk_set, reverse)
        return
    if action == "pre_clear":
        instance._questions_losing_tag = list(instance.questions.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        pks = pk_set if action != "post_clear" else getattr(instance, "_questions_losing_tag", [])
        for question in Question.objects.filter(pk__in=pks):
            QUESTION_HISTORY.create_historical_record(question, "~")


def route_tag_history_through_questions() -> None:
    """Put `_record_tag_changes` in place of simple-history's own receiver
    (a functools.partial of its m2m_changed, so found by what it wraps)."""
    through = Question.tags.through
    for entry in list(m2m_changed.receivers):
        receiver = entry[1]
        if isinstance(receiver, partial) and getattr(receiver.func, "__self__", None) is QUESTION_HISTORY:
            m2m_changed.disconnect(receiver, sender=through)
    m2m_changed.connect(_record_tag_changes, sender=through, dispatch_uid="qbank-tag-history")
