"""Django's admin with qbank's site: the editorial dashboard on its index,
the person's queues in every page's header.

The site lives here, outside the `questions.admin` package: Django imports
the default site while `admin.site` is first touched, and the package
registers its ModelAdmins on `admin.site` as it is imported."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, ValidationError


class QbankAdminSite(admin.AdminSite):
    # The app list is four links, reachable from every page's breadcrumbs; as
    # a sidebar it took 300 px of a 1280 px screen from the question list and
    # the side-by-side Markdown editor.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        return super().admin_view(_refusing_malformed_selection(view), cacheable)

    def each_context(self, request):
        from questions.admin.queues import navigation_context

        context = super().each_context(request)
        if context.get("has_permission"):
            context.update(navigation_context(request))
        return context

    def index(self, request, extra_context=None):
        from questions import policies
        from questions.admin.dashboard import editorial_dashboard
        from questions.admin.queues import counts_for_request
        from questions.editorial import digest

        context = {**(extra_context or {})}
        if policies.sees_editorial_dashboard(request.user):
            context["dashboard"] = editorial_dashboard(request.user, counts_for_request(request))
            context["digest_subscribed"] = digest.is_subscribed(request.user)
        return super().index(request, context)


def _refusing_malformed_selection(view):
    """A changelist action posted with a selected id that is no id of the
    model answers 400. Django filters `pk__in` with the raw values, and "abc"
    was a ValueError (500) on every model's changelist, ours or an app's."""
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin):
        return view

    @wraps(view)
    def checked(request, *args, **kwargs):
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                model_admin.opts.pk.to_python(value)
        except ValidationError:
            raise BadRequest("a selected id is not an id") from None
        return view(request, *args, **kwargs)

    return checked


class AdminConfig(DjangoAdminConfig):
    default_site = "qbank.apps.QbankAdminSite"
