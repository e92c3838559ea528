import importlib
import itertools
import os
import pkgutil
import time

import coverage
import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from practice import shared as practice_shared
from qbank.caches import LOCAL_MEMORY
from questions.public.browse import forget_filter_choices
from questions.roles import EDITOR, PUBLISHER
from tests.factories import StaffFactory, SuperuserFactory
from tests.redis_server import redis_server
from tests.untraced import untraced


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    """Collection without the coverage tracer: each worker imports and
    rewrites the asserts of every test module, pure Python that coverage
    leaves out and that took twice as long traced (12 s a worker against 6).
    The project's own modules are imported first, traced, so that the lines
    they run on import are counted as before."""
    tracer = coverage.Coverage.current()
    if tracer is not None:
        _import_every_module(tracer.get_option("run:source") or [])
    with untraced():
        return (yield)


def _import_every_module(packages: list[str]) -> None:
    for package in packages:
        path = importlib.import_module(package).__path__
        for module in pkgutil.walk_packages(path, f"{package}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)


@pytest.fixture(scope="session")
def _tracer_paused():
    """The coverage tracer (when `make test` runs one), stopped until
    `django_db_setup` below starts it again. On Python 3.11 a tracer slows
    every line of Python, Django's included, by about half: building each
    worker's test database (some seven seconds of Django's migration
    machinery, whose files coverage leaves out anyway) took eleven with it."""
    tracer = coverage.Coverage.current()
    if tracer:
        tracer.stop()
    return tracer


@pytest.fixture(scope="session")
def django_db_setup(_tracer_paused, django_db_setup):
    """pytest-django's test database, migrated without the coverage tracer."""
    if _tracer_paused:
        _tracer_paused.start()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test rolls the database back, content version included: a page
    cached by one test could otherwise be served to the next one."""
    cache.clear()
    forget_filter_choices()
    practice_shared.forget()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Django's LocaleMiddleware activates a request's language in the thread
    and leaves it there: without this a test would see the language of
    whichever test ran before it on the same worker (pytest-xdist hands tests
    out one at a time). Tests that assert English wording use `english`."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def _downloads_root(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


_test_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _downloads_dir(settings, _downloads_root):
    """Built downloads are keyed by a category's version, which every test
    database starts afresh: each test gets a directory of its own, made
    only if it builds one (a `tmp_path` each was half of a test's fixed cost)."""
    settings.DOWNLOADS_CACHE_DIR = _downloads_root / str(next(_test_numbers))


@pytest.fixture
def fragments(settings):
    """The `{% cache %}` fragments kept, as in production (the suite runs with
    DEBUG on, where they are not): the fragment cache, emptied around the test."""
    settings.CACHES = {
        **settings.CACHES,
        "template_fragments": {"BACKEND": LOCAL_MEMORY, "LOCATION": "test-fragments"},
    }
    caches["template_fragments"].clear()
    yield caches["template_fragments"]
    caches["template_fragments"].clear()


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis for this test session (skipped without the binary, off CI)."""
    with redis_server() as url:
        yield url


# The real-browser fixtures (Chromium, a page watch, axe-core).
pytest_plugins = ["tests.browser", "tests.project_settings"]


@pytest.fixture
def staff_user(db):
    """Staff with no permissions of their own: may enter the admin, nothing more."""
    return StaffFactory(username="staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def seed(db):
    call_command("loaddata", "seed_article", verbosity=0)


def _member_of(role: str, username: str):
    user = StaffFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return _member_of(EDITOR, "editor")


@pytest.fixture
def other_editor(db):
    return _member_of(EDITOR, "editor2")


@pytest.fixture
def publisher(db):
    return _member_of(PUBLISHER, "publisher")


def _client_for(user, language="en") -> Client:
    # Tests read the English messages; Chinese is checked where it matters.
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def other_editor_client(other_editor):
    return _client_for(other_editor)


@pytest.fixture
def publisher_client(publisher):
    return _client_for(publisher)


@pytest.fixture
def chinese_editor_client(editor):
    return _client_for(editor, language="zh-hans")


@pytest.fixture
def english():
    """Messages in English, whatever the catalogue says, so that assertions
    on their wording hold once translations are compiled."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    return SuperuserFactory(username="root")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    """`make test` (QBANK_TEST_STARTED set) ends with its wall time, the
    embedded Postgres's start included, and the total coverage."""
    started = os.environ.get("QBANK_TEST_STARTED")
    if not started:
        return
    line = f"make test: {time.time() - float(started):.0f} s"
    total = getattr(config.pluginmanager.getplugin("_cov"), "cov_total", None)
    if total is not None:
        line += f", coverage {total:.2f} % of the project's lines"
    terminalreporter.write_line(line, bold=True)
