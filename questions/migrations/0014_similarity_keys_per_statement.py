from django.db import migrations

from questions.migrations.sql import similarity_0014


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0013_reading_and_feed_indexes"),
    ]

    operations = [
        migrations.RunSQL(similarity_0014.INSTALL, reverse_sql=similarity_0014.UNINSTALL),
    ]
