"""The pages a visitor sees when something goes wrong: branded, translated,
and rendered without touching the database (which may be what failed).

While the database is unreachable every page answers 503 with a
Retry-After, not a generic 500: Django calls `server_error` from inside the
except block of the failed request, so the exception is at hand.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(request, "500.html", status=500)
