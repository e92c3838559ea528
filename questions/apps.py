from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_roles

    # Our receiver can run before auth's own one: make sure the permissions
    # the roles refer to exist first (idempotent).
    create_permissions(app_config, verbosity=0, using=using)
    sync_roles(Group, Permission)


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Question bank")

    def ready(self):
        from accounts import personal_data

        from . import signals  # noqa: F401 (connects the receivers)
        from .editorial.content_queues import register_content_queues
        from .editorial.digest import export_subscription
        from .editorial.reports import export_reports

        personal_data.register("question_reports", export=export_reports)
        personal_data.register("queue_digest", export=export_subscription)
        register_content_queues()

        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="qbank-sync-roles")
