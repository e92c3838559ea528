"""The page a client sees once django-axes has paused its sign-ins."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    # The same page whatever was typed: it must not tell whether the account
    # exists, so it names neither the username nor how many tries were left.
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
