from django.db import migrations

# The progress page's one pass over a learner's cards (practice.progress.
# card_counts): each card's question, if published, and its category. With
# only the published ids indexed, Postgres hashed all of them for a learner's
# 2,000 cards (a 95,000-entry index scan at 100,000 questions: 18.4 ms of
# CPU); with the category included it probes once per card, index-only, and
# keeps the hash join for a learner with more cards than that pays for
# (6.6 ms). An index on the questions table kept here, as 0002's is, because
# the progress page is what needs it.
INDEX = "practice_question_categories"


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0010_typed_answer_point_verdicts"),
        ("questions", "0028_sitemap_pages_of_500"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON questions_question (id) INCLUDE (category_id) "
            "WHERE status = 'published'",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
