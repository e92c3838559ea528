"""Title matches shortest title first, read in index order: an index on the
title table by title length (questions_search_title_length), as frozen in
questions/migrations/sql/search_0010.py (questions/search/index_sql.py and
QuestionQuerySet.ranked_pks() explain it). The functions and triggers are
re-installed unchanged."""

from django.db import migrations

from questions.migrations.sql import search_0008, search_0010


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0009_quality_checks"),
    ]

    operations = [
        migrations.RunSQL(
            search_0010.INSTALL,
            reverse_sql=[*search_0008.INSTALL, *search_0010.DOWNGRADE_TO_0008],
        ),
    ]
