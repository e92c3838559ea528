from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import personal_data, sign_ins

        personal_data.register("security", export=sign_ins.export_sign_ins, erase=sign_ins.erase_sign_ins)
