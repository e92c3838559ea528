"""Fixtures for the real-browser tests: headless Chromium (Debian's package)
driven by Playwright against pytest-django's live server.

One browser per test process (session-scoped); one context per test, so
cookies and the colour scheme never leak between tests. Every page records
JavaScript dialogs, console errors and uncaught exceptions, and a test fails
if any appeared: with XSS payloads stored in every field, a dialog means a
payload ran. Without Chromium the tests are skipped with the reason, except
in CI (`CI` set), where they fail: `make browser-deps` installs it.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.db import connections

from tests.untraced import untraced

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# The live server reads what the test wrote, so each browser test commits
# and the tables are emptied after it: TRUNCATE … CASCADE (available_apps
# allows it) reaches the search documents, which Django does not manage.
# That also empties what migrations made (categories, roles, permissions):
# `builtin_categories` makes the categories before each test, and
# `migration_data_restored` puts everything back after a file's last browser
# test, for the ordinary tests that run after it in the same process.
live_database = pytest.mark.django_db(
    transaction=True, available_apps=[config.name for config in django_apps.get_app_configs()]
)


def _create_builtin_categories() -> None:
    from django.apps import apps

    migration = importlib.import_module("questions.migrations.0002_builtin_categories")
    migration.create_categories(apps, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A browser test runs without the coverage tracer, from its setup to its
    teardown, the live server's request threads included (they start
    untraced while it is stopped). On Python 3.11 a tracer slows all Python
    two- to threefold, Playwright's client and the server alike; the test
    client's tests cover every line these tests reach (the four lines that
    only they reached have client tests of their own)."""
    if "browser" not in getattr(item, "fixturenames", ()):
        return (yield)
    with untraced():
        return (yield)


@pytest.fixture(scope="module")
def migration_data_restored(django_db_blocker):
    yield
    from django.core.management.sql import emit_post_migrate_signal

    with django_db_blocker.unblock():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        _create_builtin_categories()


@pytest.fixture
def builtin_categories(migration_data_restored, transactional_db):
    _create_builtin_categories()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (`make browser-deps` installs Debian's package)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop running in this thread from
    # here to the end of the process; Django refuses database calls under a
    # running loop unless told that they are not really async.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    # Django keeps its connections per context, and the code that runs under
    # Playwright's loop runs in a context of its own: it opens new ones. The
    # ones opened before would stay open to the end, and the test database
    # could not be dropped while they were.
    connections.close_all()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
        connections.close_all()


class PageWatch:
    """What a page did that it should not: dialogs, console errors, exceptions."""

    def __init__(self, page):
        self.problems: list[str] = []
        # A page that answers 404 on purpose is asserted by its test; the
        # console's "Failed to load resource" for it is not a problem.
        self.failed_documents: set[str] = set()
        page.on("response", self._response)
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))

    def _response(self, response):
        if response.request.is_navigation_request() and response.status >= 400:
            self.failed_documents.add(response.url)

    def _console(self, message):
        if message.type == "error" and message.location.get("url") not in self.failed_documents:
            self.problems.append(f"{message.text} at {message.location.get('url')}")

    def _dialog(self, dialog):
        self.problems.append(f"{dialog.type} dialog: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def open_browser(browser, live_server, builtin_categories):
    """Call with a colour scheme to get a fresh page on the live server;
    `page.goto("/path")` is relative to it."""
    contexts, watches = [], []

    def open_page(color_scheme: str = "light", **options):
        context = browser.new_context(
            base_url=live_server.url, color_scheme=color_scheme, locale="en-US", **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watches.append(PageWatch(page))
        return page

    yield open_page
    for context in contexts:
        context.close()
    problems = [problem for watch in watches for problem in watch.problems]
    assert problems == [], "the browser reported problems"


@pytest.fixture
def page(open_browser):
    return open_browser()


def sign_in(page, live_server, user) -> None:
    """`user` signed in on the page's context by a session cookie, without a
    visit to a login page (each is two page loads; the admin's login form is
    driven once, in tests/questions/admin/test_browser_admin.py)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def screenshot(page, name: str) -> None:
    """A full-page picture under tests/artifacts/ (git-ignored), to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
        for node in violation["nodes"]
    ]
