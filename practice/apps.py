from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from accounts import personal_data as registry

        from . import merge  # noqa: F401  (connects the login receiver)
        from .personal_data import export

        # The account page's export gets a "practice" section; deleting the
        # account deletes every practice row through their CASCADE user FKs.
        registry.register("practice", export=export)
