"""Diffs of long or many-times-edited text cost bounded work: the history
page and the edit-conflict message never hang on difflib, and the conflict's
diff is never computed while the question's row is locked."""

import difflib
import random
import sys

import pytest
from django.db import connection

from questions.admin import forms as admin_forms
from questions.editorial import diffs, revisions
from questions.editorial.diffs import diff_html
from questions.models import Source
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory


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

    monkeypatch.setattr(difflib, "SequenceMatcher", guarded)


def test_a_long_line_edited_in_a_hundred_places_is_diffed_without_difflib(
    character_sequence_matcher_forbidden, monkeypatch
):
    # What is asserted is the method, not the speed: on a loaded machine the
    # inline time budget could run out first and mark the line whole.
    monkeypatch.setattr(diffs, "INLINE_SECONDS", 60)
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
    monkeypatch.setattr(diffs, "diff_match_patch", lambda *args, **kwargs: calls.append(args))
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


# The pair: saved one after the other, difflib took 122 s to align them.
REPRO_OLD, REPRO_NEW = "a\n" * 2000, "a\nb\n" * 1000


class _SteppingClock:
    """The diffs' clock (diff-match-patch's), a millisecond further at each
    reading. Its search reads the clock once per step, so the readings count
    the work done, and a budget of N milliseconds allows about N steps on
    any machine."""

    def __init__(self):
        self.readings = 0

    def time(self):
        self.readings += 1
        return self.readings / 1000


@pytest.fixture
def stepping_clock(monkeypatch):
    clock = _SteppingClock()
    monkeypatch.setattr(sys.modules[diffs.diff_match_patch.__module__], "time", clock)
    monkeypatch.setattr(diffs, "time", clock)
    monkeypatch.setattr(diffs, "LINE_SECONDS", 0.05)
    monkeypatch.setattr(diffs, "INLINE_SECONDS", 0.05)
    return clock


def test_aligning_lines_stops_at_the_deadline_and_marks_the_rest_whole(stepping_clock):
    opcodes = diffs._aligned(REPRO_OLD.splitlines(), REPRO_NEW.splitlines(), diffs.DiffBudget())
    assert stepping_clock.readings <= 60
    # Nothing aligned past the deadline: what was left is one block, old lines out, new lines in.
    assert ("replace", 1, 2000, 1, 2000) in opcodes


def test_a_whole_diff_of_the_repro_pair_stays_within_both_budgets(stepping_clock):
    html = diff_html(REPRO_OLD, REPRO_NEW)
    assert stepping_clock.readings <= 60 + 60
    assert html.count("diff-same") <= 2
    assert html.count("<ins>b</ins>") == 1000
    # Once the time for character marks is spent, lines are marked whole.
    assert html.count("<ins>a</ins>") >= 900


def test_the_fields_of_one_comparison_share_one_budget(stepping_clock):
    fields = ["intro", "conclusion", "appendix", "notes"]
    old = dict.fromkeys(revisions.CONTENT_FIELDS[Source], "")
    changes = revisions.compare(
        Source, {**old, **dict.fromkeys(fields, REPRO_OLD)}, {**old, **dict.fromkeys(fields, REPRO_NEW)}
    )
    assert [change.name for change in changes] == fields
    assert all(change.diff for change in changes)
    assert stepping_clock.readings <= 60 + 60


def test_small_edits_are_still_aligned_line_by_line():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 3", "line three").replace("line 15\n", "")
    html = diff_html(old, new)
    assert '<span class="diff-sign">-</span>line <del>3</del>' in html
    assert '<span class="diff-sign">+</span>line <ins>three</ins>' in html
    assert '<span class="diff-sign">-</span><del>line 15</del>' in html
    assert html.count('class="diff-hunk"') == 2
    assert "line 9" not in html  # unchanged lines far from an edit are left out


@pytest.mark.django_db
def test_the_repro_pairs_history_and_compare_pages_do_bounded_work(publisher_client, stepping_clock):
    question = DraftFactory(answer=REPRO_OLD)
    question.answer = REPRO_NEW
    question.save()
    history = publisher_client.get(f"/admin/questions/question/{question.pk}/history/")
    assert history.status_code == 200
    # The history list names the fields each revision changed: it diffs nothing.
    assert stepping_clock.readings == 0
    compare = publisher_client.get(f"/admin/questions/question/{question.pk}/history/compare/")
    assert compare.status_code == 200
    assert stepping_clock.readings <= 60 + 60
    assert compare.content.decode().count("<ins>b</ins>") == 1000


@pytest.mark.django_db
def test_the_import_preview_diffs_after_its_transaction_ends(admin_client, monkeypatch):
    from tests.questions.exchange.test_import_conflicts import (
        SEED,
        _edited_file,
        _import_and_confirm,
        _upload,
    )

    _import_and_confirm(admin_client, SEED)
    outer_blocks = len(connection.atomic_blocks)
    blocks_while_diffing = []
    real_diff_html = revisions.diff_html

    def spy(*args, **kwargs):
        blocks_while_diffing.append(len(connection.atomic_blocks))
        return real_diff_html(*args, **kwargs)

    monkeypatch.setattr(revisions, "diff_html", spy)
    html = _upload(admin_client, _edited_file(q1_note="【新】")).content.decode()
    assert "<ins>【新】</ins>" in html
    # The dry run's transaction (holding the locks of the rows it wrote) is over.
    assert blocks_while_diffing == [outer_blocks]


@pytest.mark.django_db
def test_the_pending_revision_conflict_page_diffs_after_the_row_locks_are_released(
    editor_client, other_editor_client, monkeypatch
):
    live = QuestionFactory(answer="The live answer.")
    data = form_data(live, version=0, base_version=live.version, reason="")
    assert editor_client.post(change_url(live), {**data, "answer": "Editor one"}).status_code == 302
    outer_blocks = len(connection.atomic_blocks)
    blocks_while_diffing = []
    real_diff_html = revisions.diff_html

    def spy(*args, **kwargs):
        blocks_while_diffing.append(len(connection.atomic_blocks))
        return real_diff_html(*args, **kwargs)

    monkeypatch.setattr(revisions, "diff_html", spy)
    # Opened before the first save: refused (under the question's and the pending row's
    # locks), and the page shows what approving the pending revision would change.
    response = other_editor_client.post(change_url(live), {**data, "answer": "Editor two"})
    assert response.status_code == 200
    assert "Someone saved the pending revision meanwhile" in response.content.decode()
    assert 'class="diff-line diff-add"' in response.content.decode()
    assert blocks_while_diffing == [outer_blocks]
