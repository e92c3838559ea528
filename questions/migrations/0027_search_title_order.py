"""Title matches shortest title first, then the newer question, read in index
order: the title table's length index becomes one on (length, question id
descending), questions_search_title_order, as frozen in
questions/migrations/sql/search_0027.py (questions/search/index_sql.py and
QuestionQuerySet.ranked_pks() explain it). The functions and triggers are
re-installed unchanged.

Building the index reads the title table once and blocks writes to it
meanwhile: 0.06 s at 100,000 questions."""

from django.db import migrations

from questions.migrations.sql import search_0010, search_0027


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0026_solutions"),
    ]

    operations = [
        migrations.RunSQL(
            [*search_0027.INSTALL, *search_0027.REPLACED_BY_0027],
            reverse_sql=[*search_0010.INSTALL, *search_0027.DOWNGRADE_TO_0010],
        ),
    ]
