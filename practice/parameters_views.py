"""Personal FSRS parameters on the settings page: what the last
optimisation found, and a button that queues another (a background job)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import optimizer, tasks
from .models import PracticeSettings, ReviewLog


def parameters_context(request) -> dict:
    """For the settings page: None for a guest (the job needs an account)."""
    if not request.user.is_authenticated:
        return {"parameters": None}
    reviews = ReviewLog.objects.filter(user=request.user).count()
    return {
        "parameters": {
            "settings": PracticeSettings.objects.filter(user=request.user).first(),
            "job": tasks.running_optimisation(request.user),
            "reviews": reviews,
            "minimum": optimizer.MIN_REVIEWS,
            "enough": reviews >= optimizer.MIN_REVIEWS,
        }
    }


@require_POST
def optimise(request):
    if not request.user.is_authenticated:
        messages.error(request, _("Log in to optimise your parameters."))
        return redirect("practice:settings")
    if "reset" in request.POST:
        PracticeSettings.objects.filter(user=request.user).update(
            fsrs_parameters=[], fsrs_log_loss_before=None, fsrs_log_loss_after=None, fsrs_optimised_at=None
        )
        messages.success(request, _("Back to FSRS's default parameters."))
        return redirect("practice:settings")
    if ReviewLog.objects.filter(user=request.user).count() < optimizer.MIN_REVIEWS:
        messages.error(request, _("Not enough reviews yet to optimise your parameters."))
        return redirect("practice:settings")
    _job, created = tasks.enqueue_optimisation(request.user)
    if created:
        messages.success(
            request, _("Optimising your parameters: this page shows the result when it is done.")
        )
    else:
        messages.info(request, _("Your parameters are already being optimised."))
    return redirect("practice:settings")
