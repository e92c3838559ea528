"""When django-axes pauses sign-ins, and the page a client sees then.

Failures are counted per (username, address) pair and per address
(`AXES_LOCKOUT_PARAMETERS`), never per username alone: a stranger who
types a known username's wrong password five times locks only themselves
out of it, not its owner signing in from elsewhere. The address has a limit
of its own, higher than the pair's (`LOGIN_ADDRESS_FAILURE_LIMIT`), so that
one address guessing across many usernames is stopped too, while people
behind one NAT do not lock each other out at the first few typos.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

PAIR = ("username", "ip_address")
ADDRESS = ("ip_address",)


def _group(parameter) -> tuple[str, ...]:
    return (parameter,) if isinstance(parameter, str) else tuple(parameter)


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit for each count. Axes compares one
    figure with one limit (`AXES_FAILURE_LIMIT`); this figure is the pair's
    failures, or that limit itself once the address has reached its own."""

    def get_failures(self, request, credentials=None) -> int:
        groups = [_group(parameter) for parameter in settings.AXES_LOCKOUT_PARAMETERS]
        counts = {
            group: attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for group, attempts in zip(groups, self.get_user_attempts(request, credentials), strict=True)
        }
        failures = counts.get(PAIR, 0)
        if counts.get(ADDRESS, 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials=None):
    # The same page whatever was typed: it must not tell whether the account
    # exists, so it names neither the username nor how many tries were left.
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
