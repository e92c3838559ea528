"""Full-text search: the questions_search_document table with its GIN index,
and the Postgres functions and triggers that fill it (the SQL is frozen in
questions/migrations/sql/search_0005.py; questions/search/ explains it);
indexes for the newest-first and by-title lists."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from questions.migrations.sql import search_0005


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0004_editorial_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="questions.question",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "db_table": "questions_search_document",
                "managed": False,
            },
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-created_at", "-id"],
                name="question_published_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["title", "id"],
                name="question_published_by_title",
            ),
        ),
        migrations.RunSQL(
            [*search_0005.INSTALL, search_0005.REFRESH_ALL],
            reverse_sql=search_0005.UNINSTALL,
        ),
    ]
