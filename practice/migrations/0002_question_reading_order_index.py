from django.db import migrations

# The practice queue's next new question: published questions in reading
# order (source, position in it, id) that the learner has no card for
# (practice.queue.first_unseen). Category and difficulty are included so
# that a narrowed queue (?category=coding) is still read index-only. It is
# an index on the questions table, kept here because the queue is what
# needs it; the Question model does not declare it, so `makemigrations`
# leaves it alone.
INDEX = "practice_question_reading_order"


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
        ("questions", "0006_markdown_length_limits"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON questions_question "
            "(source_id, source_position, id) INCLUDE (category_id, difficulty) WHERE status = 'published'",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
