"""Verification in the question admin: a publisher marks a published
question verified, with a reason, from its change form, which says when it
was last checked. The re-verification queue is one of the person's queues
(questions/editorial/content_queues.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial import verification
from ..models import MAX_VERIFICATION_REASON


class VerificationAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(require_POST(self.verify_view)),
                name="{}_{}_verify".format(*info),
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request, object_id):
        question = self.get_object(request, object_id)
        if question is None:
            raise Http404
        if not policies.can_verify(request.user, question):
            raise PermissionDenied
        try:
            verification.verify(question, request.user, request.POST.get("reason", ""))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, gettext("Marked verified."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                {
                    "last_verification": verification.last_verification(obj),
                    "can_verify": policies.can_verify(request.user, obj),
                    "verification_max_length": MAX_VERIFICATION_REASON,
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
