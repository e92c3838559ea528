"""The interview page: set or clear the date and scope, see the countdown
and the day-by-day plan."""

from dataclasses import replace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import interview, interview_plan, preferences
from .forms import InterviewForm
from .owners import owner_for


def interview_page(request):
    owner = owner_for(request)
    prefs = preferences.for_request(request, owner)
    now = timezone.now()
    if request.method == "POST" and "clear" in request.POST:
        preferences.save(
            request, replace(prefs, interview_date=None, interview_categories=(), interview_tags=())
        )
        messages.success(request, _("The interview date is cleared: plain FSRS scheduling again."))
        return redirect("practice:interview")
    if request.method == "POST":
        form = InterviewForm(request.POST)
        if form.is_valid():
            chosen = form.preferences(prefs)
            preferences.save(request, chosen)
            ahead = interview.Interview.of(chosen)
            if owner is not None and ahead is not None:
                interview.apply(owner, ahead, now)
            messages.success(request, _("Your interview plan is saved."))
            return redirect("practice:interview")
    else:
        initial = {
            "interview_date": prefs.interview_date,
            "interview_categories": list(prefs.interview_categories),
            "interview_tags": ", ".join(prefs.interview_tags),
        }
        form = InterviewForm(initial=initial)
    context = {"form": form, "plan": interview_plan.build(owner, prefs, now), "preferences": prefs}
    return render(request, "practice/interview.html", context)
