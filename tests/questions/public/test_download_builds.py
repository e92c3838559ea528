"""A category download is built exactly once per version and machine, however
many requests ask for it at the same moment; none gets a truncated file."""

import dataclasses
import fcntl
import threading

import django.test.client
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import FileResponse
from django.test import Client

from questions.public import downloads
from tests.browser import live_database
from tests.factories import QuestionFactory, category

URL = "/c/coding/export.anki.txt"


@pytest.fixture
def builds(monkeypatch):
    """How many times the Anki file's text was produced."""
    count = [0]
    real = downloads.FORMATS["anki.txt"]

    def counted(questions):
        count[0] += 1
        yield from real.pieces(questions)

    monkeypatch.setitem(downloads.FORMATS, "anki.txt", dataclasses.replace(real, pieces=counted))
    return count


@pytest.fixture
def small_sends(monkeypatch):
    """Send a few hundred bytes at a time, so a small file comes in many pieces."""
    monkeypatch.setattr(downloads, "SEND_SIZE", 300)


def _keep_connections(**kwargs):
    pass


@pytest.fixture
def threaded_responses(monkeypatch):
    """Responses read in another thread than the test's. The test client
    keeps Django from closing the test's connection (inside its transaction)
    when a request starts or a response ends by unhooking
    close_old_connections from the request signals meanwhile; a response
    ending in another thread would hook it back at the wrong moment. So it
    stays unhooked for the whole test."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    monkeypatch.setattr(django.test.client, "close_old_connections", _keep_connections)
    yield
    for signal in (request_started, request_finished):
        signal.disconnect(_keep_connections)
        signal.connect(close_old_connections)


def _questions(n=12):
    return [QuestionFactory(category=category("coding"), title=f"Coding question {i}") for i in range(n)]


def _target() -> downloads.Target:
    from django.conf import settings

    coding = category("coding")
    name = f"{coding.pk}-v{coding.published_version}-zh-hans-coding-anki.txt"
    return downloads.Target(settings.DOWNLOADS_CACHE_DIR / name)


class Reader(threading.Thread):
    """Reads a streaming response to its end (or its error) in a thread of its own."""

    def __init__(self, response):
        super().__init__(daemon=True)
        self.response = response
        self.body = b""
        self.error = None

    def run(self):
        # The test client closes the response when its content ends.
        try:
            for chunk in self.response.streaming_content:
                self.body += chunk
        except downloads.IncompleteDownload as error:
            self.error = error


@pytest.mark.django_db
def test_a_request_during_a_build_follows_it_and_gets_the_same_complete_file(
    client, builds, small_sends, threaded_responses, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(downloads, "FOLLOW_TIMEOUT", 30)  # a slow machine must not make it give up
    _questions()
    building = client.get(URL)
    sending = iter(building.streaming_content)
    first = next(sending)  # the builder is under way
    with django_assert_num_queries(1):  # the category; the file comes from the builder
        following = client.get(URL)
    assert following.status_code == 200
    assert not isinstance(following, FileResponse)
    assert following["Content-Disposition"] == 'attachment; filename="qbank-coding-anki.txt"'
    follower = Reader(following)
    follower.start()
    follower.join(0.2)
    assert follower.is_alive()  # waiting for the rest, which is not written yet
    built = first + b"".join(sending)
    follower.join(30)
    assert not follower.is_alive()
    assert follower.error is None
    assert builds[0] == 1
    assert follower.body == built
    assert "Coding question 11" in built.decode()
    assert _target().path.read_bytes() == built


@live_database
def test_two_simultaneous_first_requests_build_the_file_once(builtin_categories, builds, small_sends):
    _questions(30)
    start = threading.Barrier(2)
    bodies = [None, None]

    def download(number):
        try:
            start.wait(10)
            response = Client().get(URL)
            assert response.status_code == 200
            bodies[number] = b"".join(response.streaming_content)
            response.close()
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=download, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert builds[0] == 1
    assert bodies[0] == bodies[1] == _target().path.read_bytes()
    assert "Coding question 29" in bodies[0].decode()


@pytest.mark.django_db
def test_a_partial_file_left_by_a_builder_that_died_is_not_served(
    client, builds, django_assert_max_num_queries
):
    _questions()
    target = _target()
    target.path.parent.mkdir(parents=True)
    target.partial.write_bytes(b"#separator:tab\nHALF A FILE")  # nobody holds it: its builder died
    with django_assert_max_num_queries(4):
        response = client.get(URL)
        body = b"".join(response.streaming_content)
    assert builds[0] == 1
    assert b"HALF A FILE" not in body
    assert "Coding question 11" in body.decode()
    assert target.path.read_bytes() == body
    assert not target.partial.exists()


@pytest.mark.django_db
def test_a_follower_whose_builder_stops_midway_gets_an_error_not_a_short_file(
    client, builds, small_sends, threaded_responses, monkeypatch
):
    monkeypatch.setattr(downloads, "FOLLOW_TIMEOUT", 30)
    _questions()
    building = client.get(URL)
    next(iter(building.streaming_content))
    follower = Reader(client.get(URL))
    follower.start()
    building.close()  # the builder's visitor left
    follower.join(30)
    assert isinstance(follower.error, downloads.IncompleteDownload)
    assert not _target().path.exists()
    assert not _target().partial.exists()
    # The next request builds the file afresh.
    body = b"".join(client.get(URL).streaming_content)
    assert builds[0] == 2
    assert "Coding question 11" in body.decode()


@pytest.mark.django_db
def test_a_follower_of_a_stalled_build_gives_up_after_the_follow_timeout(
    client, builds, threaded_responses, monkeypatch
):
    monkeypatch.setattr(downloads, "FOLLOW_TIMEOUT", 0.3)
    _questions()
    building = client.get(URL)
    next(iter(building.streaming_content))  # then the builder sends nothing more
    follower = Reader(client.get(URL))
    follower.run()
    assert isinstance(follower.error, downloads.IncompleteDownload)
    assert follower.body.startswith(b"#separator:tab")  # what was there, then a broken stream
    building.close()
    assert builds[0] == 1


@pytest.mark.django_db
def test_a_request_that_finds_a_build_not_started_answers_503_after_the_follow_timeout(
    client, builds, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(downloads, "FOLLOW_TIMEOUT", 0.3)
    _questions()
    target = _target()
    target.path.parent.mkdir(parents=True)
    with target.lock.open("ab") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # a builder that has not written a byte
        with django_assert_num_queries(1):
            response = client.get(URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert builds[0] == 0
    # Once the lock is free, the next request builds.
    assert "Coding question 11" in b"".join(client.get(URL).streaming_content).decode()
