"""Counts and versions of public content, kept by Postgres triggers (the SQL
is frozen in questions/migrations/sql/public_0012.py; questions/models/content.py
explains why)."""

from django.db import migrations, models

from questions.migrations.sql import public_0012


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0011_markdown_length_everywhere'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContentVersion',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=1)),
                ('changed_at', models.DateTimeField()),
            ],
            options={
                'db_table': 'questions_content_version',
            },
        ),
        migrations.AddField(
            model_name='category',
            name='published_count',
            field=models.PositiveIntegerField(default=0, editable=False, serialize=False, verbose_name='published questions'),
        ),
        migrations.AddField(
            model_name='category',
            name='published_version',
            field=models.BigIntegerField(default=1, editable=False, serialize=False),
        ),
        migrations.AddField(
            model_name='tag',
            name='published_count',
            field=models.PositiveIntegerField(default=0, editable=False, serialize=False, verbose_name='published questions'),
        ),
        migrations.RunSQL(public_0012.INSTALL, public_0012.UNINSTALL),
    ]
