"""The client's address, as the sign-in and sign-up limits count it."""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost trusted one saw. Anything left of it in X-Forwarded-For was
    written by the client and is not believed."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [hop for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
        if len(forwarded) >= proxies:
            address = _valid(forwarded[-proxies])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", ""))
