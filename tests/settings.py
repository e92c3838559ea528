"""Settings the test suite runs with: the project's own, in development mode.

qbank.settings defaults DEBUG to off, where a SECRET_KEY is required and static
files need a collectstatic manifest; the suite wants neither. So DEBUG is on
when the settings are read (pytest-django still sets settings.DEBUG to False
for the tests themselves, as Django's test runner does).
"""

import os
import tempfile

os.environ["DEBUG"] = "1"
# Job inputs and export files go to a scratch directory, shared with the
# worker processes that tests start (they inherit the environment).
os.environ.setdefault("JOB_FILES_DIR", tempfile.mkdtemp(prefix="qbank-test-jobs-"))

from qbank.settings import *  # noqa: F403

# Every factory user's password is hashed: PBKDF2's million iterations took
# half of the suite's time. MD5 is fast and fine for passwords made up here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Every public change shows on the very next request: the invalidation tests
# say so. tests/questions/public/test_held_version.py tests a hold.
CONTENT_VERSION_HOLD_SECONDS = 0
