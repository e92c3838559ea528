"""whitenoise serves the vendored browser libraries (make install puts them
in static/vendor/) with their types and for good, and the Run worker with
the only policy under which WebAssembly may compile, which keeps the
reader's Python away from the rest of the site."""

import pytest
from django.conf import settings
from django.test import Client

from qbank.static_files import run_worker_policy

PYODIDE = f"/static/vendor/pyodide/{settings.VENDOR_ASSET_VERSIONS['pyodide']}/"
# Closing a file response sends request_finished, which looks at the database connection.
pytestmark = pytest.mark.django_db

MERMAID = f"/static/vendor/mermaid/{settings.VENDOR_ASSET_VERSIONS['mermaid']}/"


@pytest.fixture(autouse=True)
def _served_from_the_source_tree(settings):
    # As under `make run`: pytest-django turns DEBUG off, which would have
    # whitenoise look only in STATIC_ROOT (collectstatic's output).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (f"{PYODIDE}pyodide.asm.wasm", "application/wasm"),
        (f"{PYODIDE}pyodide.mjs", "text/javascript"),
        (f"{PYODIDE}pyodide.asm.mjs", "text/javascript"),
        (f"{PYODIDE}python_stdlib.zip", "application/zip"),
        (f"{MERMAID}mermaid.esm.min.mjs", "text/javascript"),
    ],
)
def test_vendored_files_are_served_with_their_type_for_good(path, content_type):
    response = Client().get(path)

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert "immutable" in response["Cache-Control"]
    response.close()


def test_unversioned_site_files_are_not_kept_for_good():
    response = Client().get("/static/js/run-python.js")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_the_run_worker_gets_its_own_policy():
    worker = Client().get("/static/js/run-python-worker.js")
    page_script = Client().get("/static/js/run-python.js")

    assert worker["Content-Security-Policy"] == run_worker_policy("http://testserver")
    assert "'unsafe-eval'" not in worker["Content-Security-Policy"]
    assert "wasm-unsafe-eval" not in page_script["Content-Security-Policy"]


def test_the_run_worker_may_fetch_and_load_only_the_pyodide_directory(settings):
    settings.ALLOWED_HOSTS = ["qbank.example"]
    policy = Client().get("/static/js/run-python-worker.js", HTTP_HOST="qbank.example")[
        "Content-Security-Policy"
    ]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    pyodide_directory = f"http://qbank.example{PYODIDE}"
    assert directives["connect-src"] == pyodide_directory
    assert directives["script-src"] == f"{pyodide_directory} 'wasm-unsafe-eval'"
    assert directives["default-src"] == "'none'"
    assert "'self'" not in policy
