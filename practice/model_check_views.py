"""'Ask the model too' on an answer typed before the reveal in practice
(mock interviews have theirs in mock_views): a plain POST, then back to the
practice page that showed the feedback, which waits for the job."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import throttle
from questions.models import Question

from . import model_checks
from .models import TypedAnswer
from .owners import owner_for


def _get_typed_answer_for_user(request, pk) -> TypedAnswer:
    answers = TypedAnswer.objects.owned_by(owner_for(request)).select_related("question")
    return get_object_or_404(answers.filter(question__status=Question.Status.PUBLISHED), pk=pk)


def ask_model(request, answer) -> None:
    """Queue the check of `answer` (a MockAnswer or a TypedAnswer), within
    MODEL_CHECKER_RATE_LIMIT checks per address and hour: each answer is
    checked once, but a script could type many."""
    if not model_checks.can_ask(answer):
        messages.error(request, _("The model cannot check this answer."))
    elif not throttle.allow(request, "model-check", settings.MODEL_CHECKER_RATE_LIMIT):
        messages.error(request, _("You have asked the model often in the last hour: try again later."))
    else:
        model_checks.request_check(answer)


@require_POST
def ask_model_about_typed_answer(request, pk):
    ask_model(request, _get_typed_answer_for_user(request, pk))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("practice:home")
    return redirect(back)
