from django.conf import settings
from django.db import migrations, models


def last_savers_wrote_them(apps, schema_editor):
    """Open pending revisions saved before writers were recorded: their last
    saver is the one writer known."""
    PendingRevision = apps.get_model("questions", "PendingRevision")
    Writer = PendingRevision.writers.through
    Writer.objects.bulk_create(
        Writer(pendingrevision_id=pk, user_id=author_id)
        for pk, author_id in PendingRevision.objects.filter(author__isnull=False).values_list("pk", "author_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0015_published_ids_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingrevision",
            name="writers",
            field=models.ManyToManyField(
                blank=True, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="written by"
            ),
        ),
        migrations.RunPython(last_savers_wrote_them, migrations.RunPython.noop),
    ]
