from django.shortcuts import render

from . import progress as figures
from .owners import owner_for


def progress(request):
    return render(request, "practice/progress.html", figures.summary(owner_for(request)))
