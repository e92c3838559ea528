"""`{% vendor_static "pyodide" "pyodide.mjs" %}`: the address of a file of a
vendored npm package (static-vendor.lock.json), whose version is in its path."""

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def vendor_static(package: str, path: str) -> str:
    return static(f"vendor/{package}/{settings.VENDOR_ASSET_VERSIONS[package]}/{path}")
