# The reading-order and feed indexes (see the comments in Question.Meta.indexes).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0012_public_content_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='question',
            index=models.Index(models.F('category_id'), models.OrderBy(models.F('source_id'), nulls_last=True), models.OrderBy(models.F('source_position'), nulls_last=True), models.F('id'), condition=models.Q(('status', 'published')), name='question_published_reading'),
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('published_at'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'published')), name='question_published_latest'),
        ),
    ]
