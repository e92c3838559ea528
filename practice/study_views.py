"""Undo of the last grade, and custom study sessions outside the schedule."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from questions.models import Category

from . import custom_study, undo
from .forms import CustomStudyForm, FilterForm
from .owners import owner_for


@require_POST
def undo_grade(request):
    owner = owner_for(request)
    log = undo.undo_last(owner, timezone.now()) if owner is not None else None
    if log is None:
        messages.error(request, _("There is no recent grade to undo."))
    else:
        messages.success(request, _("Your last grade was undone."))
    params = FilterForm(request.POST).filters().as_params()
    return redirect(reverse("practice:home") + (f"?{urlencode(params)}" if params else ""))


def custom_study_session(request):
    form = CustomStudyForm(request.GET)
    filters = form.filters()
    lowest_recall = form.is_valid() and form.cleaned_data["lowest_recall"]
    position = (form.cleaned_data.get("position") or 0) if form.is_valid() else 0
    started = bool(request.GET)
    item = None
    if started:
        item = custom_study.item_at(
            owner_for(request), filters, lowest_recall=lowest_recall, position=position, now=timezone.now()
        )
    params = {**filters.as_params(), **({"lowest_recall": "on"} if lowest_recall else {})}
    context = {
        "form": form,
        "filters": filters,
        "lowest_recall": lowest_recall,
        "categories": Category.objects.all(),
        "started": started,
        "item": item,
        "next_query": urlencode({**params, "position": position + 1}),
    }
    return render(request, "practice/custom_study.html", context)
