"""/healthz for load balancers: 200 when this app server can reach its
database and its cache, 503 (naming what failed) when it cannot.

Never cached, and exempt from the HTTPS redirect (settings) so that a
balancer probing over plain HTTP on the private network gets an answer.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ok() -> bool:
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, 10)
    return cache.get(key) == value


@never_cache
@require_safe
def healthz(request):
    checks = {}
    for name, check in (("database", _database_ok), ("cache", _cache_ok)):
        try:
            checks[name] = "ok" if check() else "failing"
        except Exception:
            logger.exception("health check %s failed", name)
            checks[name] = "failing"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
