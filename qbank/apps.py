"""Django's admin with qbank's site: the editorial dashboard on its index.

The site lives here, outside the `questions.admin` package: Django imports
the default site while `admin.site` is first touched, and the package
registers its ModelAdmins on `admin.site` as it is imported."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class QbankAdminSite(admin.AdminSite):
    # The app list is four links, reachable from every page's breadcrumbs; as
    # a sidebar it took 300 px of a 1280 px screen from the question list and
    # the side-by-side Markdown editor.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        from questions import policies
        from questions.admin.dashboard import editorial_dashboard

        context = {**(extra_context or {})}
        if policies.sees_editorial_dashboard(request.user):
            context["dashboard"] = editorial_dashboard(request.user)
        return super().index(request, context)


class AdminConfig(DjangoAdminConfig):
    default_site = "qbank.apps.QbankAdminSite"
