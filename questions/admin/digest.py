"""Opting in and out of the daily e-mail of one's queues, from the admin's
index (`questions.editorial.digest`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial import digest


class DigestAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "queue-digest/",
                self.admin_site.admin_view(require_POST(self.queue_digest_view)),
                name="{}_{}_queue_digest".format(*info),
            ),
            *super().get_urls(),
        ]

    def queue_digest_view(self, request):
        if not policies.sees_editorial_dashboard(request.user):
            raise PermissionDenied
        subscribed = request.POST.get("subscribe") == "1"
        digest.set_subscribed(request.user, subscribed)
        if subscribed:
            message = _("You will get a daily e-mail of what waits in your queues.")
            if not request.user.email:
                message += " " + _("Your account has no e-mail address yet.")
        else:
            message = _("You will no longer get the daily e-mail of your queues.")
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:index"))
