from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from accounts import account_page, personal_data

        from .account_section import account_section
        from .tokens import export_tokens

        # Tokens are personal data: in the export (names and dates, never a
        # hash) and deleted with the account (their user key cascades).
        personal_data.register("api", export=export_tokens)
        account_page.register("api_tokens", template="api/account_tokens.html", context=account_section)
