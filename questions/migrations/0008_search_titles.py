"""Title-first search ranking and deferrable search triggers: the
questions_search_title table with its GIN index, filled for every question,
and the search functions and triggers as frozen in
questions/migrations/sql/search_0008.py (questions/search/index_sql.py
explains them)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from questions.migrations.sql import search_0005, search_0008


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0007_pending_revisions_comments_import_marks"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTitle",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_title",
                        serialize=False,
                        to="questions.question",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "db_table": "questions_search_title",
                "managed": False,
            },
        ),
        migrations.RunSQL(
            [*search_0008.INSTALL, search_0008.FILL_TITLES],
            reverse_sql=[*search_0005.INSTALL, *search_0008.DOWNGRADE_TO_0005],
        ),
    ]
