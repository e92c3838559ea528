"""The stored search document: a tsvector column with a GIN index, and the
Postgres functions and triggers that compute it (questions/search_index.py).
On SQLite the column is added (and stays empty) but the Postgres-only parts
are skipped, so `make run` migrates anywhere."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from questions import search_index

SEARCH_INDEX = django.contrib.postgres.indexes.GinIndex(fields=["search_document"], name="question_search_document")


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("questions", "Question"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("questions", "Question"), SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0002_builtin_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, serialize=False),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="question", index=SEARCH_INDEX)],
            database_operations=[migrations.RunPython(add_search_index, remove_search_index)],
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
        migrations.RunPython(search_index.install, search_index.uninstall),
    ]
