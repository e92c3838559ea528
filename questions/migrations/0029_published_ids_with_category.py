from django.db import migrations, models

# The published ids' index with the category included: the progress page's
# pass over a learner's cards (practice.progress.card_counts) then reads each
# card's question, if published, and its category index-only, a probe per
# card (see the index's comment on Question.Meta).


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0028_sitemap_pages_of_500"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="question", name="question_published_ids"),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["id"],
                include=("category_id",),
                name="question_published_ids",
            ),
        ),
    ]
