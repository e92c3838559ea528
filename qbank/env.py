"""Typed readers of environment variables for the settings: each refuses a
bad value with ImproperlyConfigured naming the variable, instead of guessing."""

import importlib
import json
import os
from datetime import date
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_date(name: str) -> date | None:
    """An ISO date (2024-06-30), or None when unset or empty."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a date (YYYY-MM-DD)") from None


def env_str(name: str, default: str) -> str:
    raw = os.environ.get(name)
    return default if raw is None or raw.strip() == "" else raw.strip()


def env_float(name: str, default: float, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None
    # NaN passes no comparison: refused with the bound.
    if minimum is not None and not value >= minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum:g}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_json_object(name: str, default: dict) -> dict:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object ({{...}}), not {type(value).__name__}")
    return value


def env_import_path(name: str, default: str) -> str:
    """A dotted path to a class, checked now: a typo stops the start with its
    name rather than failing the first upload."""
    path = env_str(name, default)
    module, _, attribute = path.rpartition(".")
    try:
        found = hasattr(importlib.import_module(module), attribute) if module else False
    except ImportError as error:
        raise ImproperlyConfigured(f"{name}={path!r} cannot be imported: {error}") from None
    if not found:
        raise ImproperlyConfigured(f"{name}={path!r}: no {attribute!r} in {module!r}")
    return path


def env_site_url(name: str, default: str | None) -> str:
    """An origin, scheme and host only (https://qbank.example, port allowed),
    returned without a trailing slash. Absolute links are this plus a path
    from reverse(), which already carries any script prefix, so a path here
    would be doubled: it is refused, as are a query, a fragment and a user."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        if default is None:
            raise ImproperlyConfigured(
                f"{name} must be set when DEBUG is off: the site's public address, such as "
                f"https://qbank.example. Sitemaps, the feed and e-mails link to it, never to the "
                f"Host a request names"
            )
        return default
    parts = urlsplit(raw)
    problem = None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "is not an http:// or https:// address with a host"
    elif parts.username is not None or parts.password is not None:
        problem = "must not name a user or a password"
    elif parts.path not in ("", "/") or parts.query or parts.fragment or raw.endswith(("?", "#")):
        problem = "must be the scheme and host only, without a path, query or fragment"
    else:
        try:
            URLValidator(schemes=["http", "https"])(raw)
            parts.port  # noqa: B018 — raises ValueError on a port that is no number or too large
        except (ValidationError, ValueError):
            problem = "is not a valid address"
    if problem:
        raise ImproperlyConfigured(f"{name}={raw!r} {problem} (for example https://qbank.example)")
    return f"{parts.scheme}://{parts.netloc.lower()}"
