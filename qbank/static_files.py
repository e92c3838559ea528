"""whitenoise, with two additions for the vendored browser libraries.

- Files under `vendor/<name>/<version>/` (tools/vendor_assets.py) never
  change at an address, as the version is in it: they are cached for good
  (`immutable`), like the hashed names of collectstatic's manifest. Pyodide
  asks for its files by their plain names (pyodide.asm.wasm, python_stdlib.zip
  …), which the manifest does not rewrite.
- The Run worker (static/js/run-python-worker.js) gets a policy of its own: a
  worker obeys the Content-Security-Policy of its script's response, and
  Pyodide compiles WebAssembly (`'wasm-unsafe-eval'`, never `'unsafe-eval'`).
  CSPMiddleware leaves a header it finds.
"""

import re

from whitenoise.middleware import WhiteNoiseMiddleware

VERSIONED_VENDOR_FILE = re.compile(r"^vendor/[\w.-]+/\d[\w.+-]*/")
RUN_WORKER = "js/run-python-worker.js"
RUN_WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def _static_name(self, url: str) -> str | None:
        if not url.startswith(self.static_prefix):
            return None
        return url[len(self.static_prefix) :]

    def immutable_file_test(self, path, url):
        name = self._static_name(url)
        if name is not None and VERSIONED_VENDOR_FILE.match(name):
            return True
        return super().immutable_file_test(path, url)

    def add_cache_headers(self, headers, path, url):
        super().add_cache_headers(headers, path, url)
        name = self._static_name(url)
        if name is not None and self.get_name_without_hash(name) == RUN_WORKER:
            headers["Content-Security-Policy"] = RUN_WORKER_POLICY
