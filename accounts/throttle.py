"""Per-address limits for actions django-axes does not cover: creating
accounts and asking for password-reset e-mails (which could otherwise be used
to flood someone's inbox), counted in the database so every worker process
shares one count (`allow`); and reading the API, counted in the cache
(`allow_often`)."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from .client_ip import client_ip
from .models import ThrottledRequest

WINDOW = timedelta(hours=1)


def allow(request, action: str, limit: int) -> bool:
    """Record one `action` from the request's address and say whether it is
    within `limit` per hour. A request refused is not recorded, so waiting
    an hour always helps."""
    address = client_ip(request)
    if address is None:
        return True  # no address to count against (a misconfigured proxy): nothing to key on
    now = timezone.now()
    ThrottledRequest.objects.filter(at__lt=now - WINDOW).delete()
    recent = ThrottledRequest.objects.filter(action=action, ip_address=address, at__gte=now - WINDOW)
    if recent.count() >= limit:
        return False
    ThrottledRequest.objects.create(action=action, ip_address=address, at=now)
    return True


def _window_key(request, action: str, window_seconds: int) -> tuple[str | None, int]:
    address = client_ip(request)
    now = int(timezone.now().timestamp())
    left = window_seconds - now % window_seconds
    if address is None:
        return None, left
    return f"throttle:{action}:{address}:{now // window_seconds}", left


def reached(request, action: str, limit: int, window_seconds: int) -> bool:
    """Whether `allow_often` has counted `limit` of `action` from this
    address in the current window, without counting this request."""
    key, _left = _window_key(request, action, window_seconds)
    return key is not None and (cache.get(key) or 0) >= limit


def allow_often(request, action: str, limit: int, window_seconds: int) -> tuple[bool, int]:
    """Count one `action` from the request's address in the current window of
    `window_seconds` and say whether it is within `limit`, and how many
    seconds are left of the window. For actions asked many times a second
    (reading the API): counted in the cache, two cache calls and no database
    write; shared by every process when the cache is Redis (REDIS_URL), else
    counted per process."""
    key, left = _window_key(request, action, window_seconds)
    if key is None:
        return True, left
    # add() starts the window's count only if no other request did.
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls: a new window
        cache.add(key, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit, left
