"""Create the Editor and Publisher groups with their exact permissions.

The permission lists are frozen here as they stood when this migration was
written (questions/roles.py at the time); later changes to the roles reach the
groups through `roles.sync_roles`, which runs after every `migrate`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Editor": [
        "questions.view_question",
        "questions.add_question",
        "questions.change_question",
        "questions.submit_question",
        "questions.view_source",
        "questions.add_source",
        "questions.change_source",
        "questions.view_tag",
        "questions.add_tag",
        "questions.change_tag",
        "questions.view_category",
    ],
    "Publisher": [
        "questions.view_question",
        "questions.publish_question",
        "questions.view_source",
        "questions.view_tag",
        "questions.view_category",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0003_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
