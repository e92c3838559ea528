"""A per-address limit for actions django-axes does not cover: creating
accounts and asking for password-reset e-mails (which could otherwise be used
to flood someone's inbox). Counted in the database, so every worker process
shares one count."""

from datetime import timedelta

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
