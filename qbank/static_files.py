"""whitenoise, with two additions for the vendored browser libraries.

- Files under `vendor/<name>/<version>/` (tools/vendor_assets.py) never
  change at an address, as the version is in it: they are cached for good
  (`immutable`), like the hashed names of collectstatic's manifest. Pyodide
  asks for its files by their plain names (pyodide.asm.wasm, python_stdlib.zip
  …), which the manifest does not rewrite.
- The Run worker (static/js/run-python-worker.js) gets a policy of its own: a
  worker obeys the Content-Security-Policy of its script's response, and
  Pyodide compiles WebAssembly (`'wasm-unsafe-eval'`, never `'unsafe-eval'`).
  The worker has the page's origin, so the Python a reader runs there could
  otherwise fetch the site with the reader's cookies: the policy lets it load
  and fetch only the vendored Pyodide directory (a path-restricted source,
  which needs the site's origin, hence set per request). CSPMiddleware leaves
  a header it finds.
"""

import re
from urllib.parse import urljoin

from django.conf import settings
from whitenoise.middleware import WhiteNoiseFileResponse, WhiteNoiseMiddleware

VERSIONED_VENDOR_FILE = re.compile(r"^vendor/[\w.-]+/\d[\w.+-]*/")
RUN_WORKER = "js/run-python-worker.js"
CSP_HEADER = "Content-Security-Policy"


def pyodide_directory(origin: str) -> str:
    """The absolute address of the vendored Pyodide's directory (with its
    closing slash, so that a CSP source matches every file in it)."""
    static_url = urljoin(f"{origin}/", settings.STATIC_URL)
    return f"{static_url}vendor/pyodide/{settings.VENDOR_ASSET_VERSIONS['pyodide']}/"


def run_worker_policy(origin: str) -> str:
    """The Run worker's policy for a site at `origin` ("https://example.org"):
    scripts and fetches from the Pyodide directory only, never the rest of
    the site (no `'self'`)."""
    pyodide = pyodide_directory(origin)
    return f"default-src 'none'; script-src {pyodide} 'wasm-unsafe-eval'; connect-src {pyodide}"


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __call__(self, request):
        response = super().__call__(request)
        if isinstance(response, WhiteNoiseFileResponse) and self._is_run_worker(request.path_info):
            response[CSP_HEADER] = run_worker_policy(f"{request.scheme}://{request.get_host()}")
        return response

    def _static_name(self, url: str) -> str | None:
        if not url.startswith(self.static_prefix):
            return None
        return url[len(self.static_prefix) :]

    def _is_run_worker(self, url: str) -> bool:
        name = self._static_name(url)
        return name is not None and self.get_name_without_hash(name) == RUN_WORKER

    def immutable_file_test(self, path, url):
        name = self._static_name(url)
        if name is not None and VERSIONED_VENDOR_FILE.match(name):
            return True
        return super().immutable_file_test(path, url)
