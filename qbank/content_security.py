"""The Content-Security-Policy every response carries (django-csp's
CONTENT_SECURITY_POLICY setting).

Scripts and styles only from this site's own files, no inline script
anywhere (public pages nor admin), and images only from here or the
Markdown image hosts, so a page can neither run injected script nor report
its readers to a third party. A page with diagrams or runnable code widens
it for itself (questions/markdown/page_scripts.py).
"""

from csp.constants import NONE, SELF


def content_security_policy(image_hosts: list[str]) -> dict:
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *(f"https://{host}" for host in image_hosts)],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [NONE],
            "frame-ancestors": [NONE],
            "form-action": [SELF],
        }
    }
