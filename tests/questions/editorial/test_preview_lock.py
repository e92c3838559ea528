"""One preview in flight per editor: a second, sent while the first still
renders, is answered 429 at once; other editors are not affected."""

import threading

import pytest
from django.db import connection

from questions.editorial.preview_lock import preview_slot

pytestmark = pytest.mark.django_db


class _PreviewInFlight:
    """`user`'s preview slot held by another thread (its own database
    connection, as another server thread or worker has) until the block ends."""

    def __init__(self, user):
        self.user = user
        self.taken, self.release = threading.Event(), threading.Event()
        self.held = None

    def _hold(self):
        try:
            with preview_slot(self.user) as held:
                self.held = held
                self.taken.set()
                self.release.wait(10)
        finally:
            connection.close()

    def __enter__(self):
        self.thread = threading.Thread(target=self._hold)
        self.thread.start()
        assert self.taken.wait(10)
        assert self.held
        return self

    def __exit__(self, *exc_info):
        self.release.set()
        self.thread.join()


def test_a_second_preview_by_the_same_editor_gets_429_with_retry_after(editor, editor_client):
    with _PreviewInFlight(editor):
        response = editor_client.post("/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "still rendering" in response.content.decode()


def test_another_editors_preview_is_not_held_up(editor, other_editor_client):
    with _PreviewInFlight(editor):
        response = other_editor_client.post("/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code == 200
    assert response.content == b"<p><strong>x</strong></p>"


def test_the_slot_is_free_again_once_the_preview_is_done(editor, editor_client):
    with _PreviewInFlight(editor):
        pass
    response = editor_client.post("/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code == 200
