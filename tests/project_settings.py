"""The project's settings read again under another environment, as
manage.py would read them on a server, not as this test run reads them."""

import runpy
from pathlib import Path

import pytest

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "qbank" / "settings.py"

# The variables of the test run's own settings (tests/settings.py, pytest-django,
# the browser tests), not the project's defaults.
NOT_INHERITED = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


@pytest.fixture
def read_settings():
    """qbank/settings.py read afresh with only the given variables on top of
    the machine's environment: its settings as a dict, or the
    ImproperlyConfigured it stops with. Read in this process: a `manage.py
    shell` each took a third of a second of CPU (tests/qbank/test_settings.py
    runs manage.py itself for the start-up checks). The environment is put
    back as soon as the file is read: the rest of the test runs in its own
    (DJANGO_ALLOW_ASYNC_UNSAFE, set once a browser test has run, included)."""

    def read(**env: str) -> dict:
        with pytest.MonkeyPatch.context() as patch:
            for name in NOT_INHERITED:
                patch.delenv(name, raising=False)
            for name, value in env.items():
                patch.setenv(name, value)
            return runpy.run_path(str(SETTINGS_FILE), run_name="qbank_settings_read_again")

    return read
