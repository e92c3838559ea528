"""Diffs of long or many-times-edited text cost bounded work: the history
page and the edit-conflict message never hang on difflib, and the conflict's
diff is never computed while the question's row is locked."""

import difflib
import random

import pytest
from django.db import connection

from questions.admin import forms as admin_forms
from questions.editorial import diffs
from questions.editorial.diffs import diff_html
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory


def _edited_in_many_places(length: int, alphabet: str = "ab") -> tuple[str, str]:
    rng = random.Random(1)
    old = "".join(rng.choice(alphabet) for _ in range(length))
    return old, "".join(c if i % 50 else "X" for i, c in enumerate(old))


@pytest.fixture
def character_sequence_matcher_forbidden(monkeypatch):
    """difflib's matcher may compare lines, never the characters of one."""
    real = difflib.SequenceMatcher

    def guarded(isjunk=None, a="", b="", autojunk=True):
        assert not isinstance(a, str), "difflib compared characters"
        return real(isjunk, a, b, autojunk)

    monkeypatch.setattr(diffs, "SequenceMatcher", guarded)


def test_a_long_line_edited_in_a_hundred_places_is_diffed_without_difflib(
    character_sequence_matcher_forbidden,
):
    old, new = _edited_in_many_places(5_000)
    html = diff_html(old, new)
    assert html.count("<ins>X</ins>") >= 50


def test_lines_past_the_inline_limit_are_marked_whole(character_sequence_matcher_forbidden):
    old, new = _edited_in_many_places(diffs.INLINE_MAX_LINE + 1)
    html = diff_html(old, new)
    assert f"<del>{old}</del>" in html
    assert f"<ins>{new}</ins>" in html


def test_once_the_time_budget_is_spent_lines_are_marked_whole(monkeypatch):
    monkeypatch.setattr(diffs, "INLINE_SECONDS", 0)
    html = diff_html("one two\nthree four", "one 2\nthree 4")
    assert "<del>one two</del>" in html
    assert "<ins>three 4</ins>" in html


def test_too_many_lines_are_replaced_without_aligning_them(monkeypatch):
    calls = []
    monkeypatch.setattr(diffs, "SequenceMatcher", lambda *args, **kwargs: calls.append(args))
    old = "\n".join(str(i) for i in range(diffs.LINE_DIFF_MAX_LINES + 1))
    html = diff_html(old, "new")
    assert calls == []
    assert "<ins>new</ins>" in html


def test_small_edits_still_get_character_marks():
    assert "Hello <ins>there </ins>world" in diff_html("Hello world", "Hello there world")
    assert "大模型是指具有数<del>百万</del>" in diff_html(
        "大模型是指具有数百万参数", "大模型是指具有数十亿参数"
    )


@pytest.mark.django_db
def test_the_edit_conflict_diff_is_computed_after_the_row_lock_is_released(
    editor_client, other_editor_client, monkeypatch
):
    question = DraftFactory(answer="v1")
    outer_blocks = len(connection.atomic_blocks)
    blocks_while_diffing = []
    real_compare = admin_forms.compare

    def spy(*args):
        blocks_while_diffing.append(len(connection.atomic_blocks))
        return real_compare(*args)

    monkeypatch.setattr(admin_forms, "compare", spy)
    assert editor_client.post(change_url(question), form_data(question, answer="v2")).status_code == 302
    response = other_editor_client.post(change_url(question), form_data(question, answer="v3"))
    assert response.status_code == 200
    assert "<ins>2</ins>" in response.content.decode() or "<ins>v2</ins>" in response.content.decode()
    # The admin's change view runs in a transaction (holding the lock taken
    # by the version check); the diff runs only once the view has returned.
    assert blocks_while_diffing == [outer_blocks]
