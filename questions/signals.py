"""Keep derived columns current on save paths that bypass `Model.save()`.

`loaddata` saves rows "raw": no `save()` override runs, so a fixture row would
arrive without its rendered HTML. Render it here and write it back with an
UPDATE (which sends no further signals).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Question, Source


def _render_stored_row(instance) -> None:
    instance.render()
    fields = {f"{name}_html": getattr(instance, f"{name}_html") for name in instance.MARKDOWN_FIELDS}
    type(instance).objects.filter(pk=instance.pk).update(**fields)


@receiver(post_save, sender=Question)
@receiver(post_save, sender=Source)
def render_markdown_of_raw_rows(sender, instance, raw, **kwargs):
    if raw:
        _render_stored_row(instance)
