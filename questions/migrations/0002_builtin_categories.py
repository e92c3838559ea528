"""The four built-in categories. Names are English msgids; the translation
catalogue supplies 概念, 挑战, 评估 and 编程."""

from django.db import migrations
from django.utils.translation import gettext_noop

CATEGORIES = [
    ("concept", gettext_noop("Concept"), gettext_noop("Definitions and ideas: what something is and why it matters."), 1),
    ("challenges", gettext_noop("Challenges"), gettext_noop("Problems, risks and trade-offs met in practice."), 2),
    ("evaluation", gettext_noop("Evaluation"), gettext_noop("How to judge, measure and compare."), 3),
    ("coding", gettext_noop("Coding"), gettext_noop("Algorithms and code to write or explain."), 4),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("questions", "Category")
    for slug, name, description, ordering in CATEGORIES:
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "ordering": ordering}
        )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("questions", "Category")
    Category.objects.filter(slug__in=[slug for slug, *_ in CATEGORIES], questions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial")]

    operations = [migrations.RunPython(create_categories, remove_categories)]
