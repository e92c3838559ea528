"""The key points candidates' typed answers miss most often: kept by
statement with each typed answer, counted across all candidates by the
hourly signals job, shown only when the count is evidence."""

import uuid

import pytest

from accounts import personal_data
from practice.models import TypedAnswer
from practice.owners import Owner
from practice.struggle import refresh_practice_signals
from practice.typed_answers import keep_typed_answer
from questions.models import PracticeSignal
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

POINTS = "! Attention | self-attention\nPositional encoding | position"
BOTH = "Self-attention, and the position of each token."
ATTENTION_ONLY = "Self-attention mixes the tokens."


def _answers(question, texts):
    """Each text typed by another guest, as a real bank's would be."""
    for text in texts:
        keep_typed_answer(Owner(guest_key=uuid.uuid4()), question, text)


@pytest.fixture
def bank_norm():
    """Ten questions whose typed answers miss a key point one time in ten."""
    for _ in range(10):
        _answers(QuestionFactory(key_points=POINTS), [BOTH] * 8 + [ATTENTION_ONLY] * 2)


def test_a_typed_answer_keeps_each_point_verdict_by_statement():
    question = QuestionFactory(key_points=POINTS)
    typed = keep_typed_answer(Owner(guest_key=uuid.uuid4()), question, ATTENTION_ONLY)
    assert typed.point_verdicts == {"Attention": True, "Positional encoding": False}
    assert (typed.covered, typed.points) == (1, 2)


def test_the_point_many_typed_answers_miss_is_shown_and_flags_the_question(bank_norm, editor_client):
    hard = QuestionFactory(key_points=POINTS, title="Positions matter")
    _answers(hard, [ATTENTION_ONLY] * 18 + [BOTH] * 2)
    assert refresh_practice_signals() == 1
    signal = PracticeSignal.objects.get(question=hard)
    assert (signal.most_missed, signal.most_missed_count, signal.most_missed_of) == (
        "Positional encoding",
        18,
        20,
    )
    assert (signal.typed_answers, signal.reviews, signal.struggling) == (20, 0, True)
    html = editor_client.get("/admin/").content.decode()
    assert "most often missed: “Positional encoding” (18 of 20 typed answers)" in html


def test_three_typed_answers_missing_a_point_are_not_evidence(bank_norm):
    new = QuestionFactory(key_points=POINTS)
    _answers(new, [ATTENTION_ONLY] * 3)
    assert refresh_practice_signals() == 0
    signal = PracticeSignal.objects.get(question=new)
    assert (signal.typed_answers, signal.most_missed, signal.most_missed_count) == (3, "", None)
    assert not signal.struggling


def test_a_point_the_editor_rewrote_starts_afresh(bank_norm):
    hard = QuestionFactory(key_points=POINTS)
    _answers(hard, [ATTENTION_ONLY] * 20)
    hard.key_points = "! Attention | self-attention\nPosition embeddings | position"
    hard.save()
    refresh_practice_signals()
    signal = PracticeSignal.objects.get(question=hard)
    assert (signal.most_missed, signal.struggling) == ("", False)


def test_answers_typed_before_verdicts_were_kept_count_as_unknown_not_as_covered(bank_norm):
    hard = QuestionFactory(key_points=POINTS)
    _answers(hard, [ATTENTION_ONLY] * 20)
    TypedAnswer.objects.filter(question=hard).update(point_verdicts=None)
    assert refresh_practice_signals() == 0
    # Nothing known of its answers and no reviews: no signal at all, not a clean one.
    assert not PracticeSignal.objects.filter(question=hard).exists()
    assert PracticeSignal.objects.count() == 10


def test_the_personal_data_export_lists_the_points_a_candidate_missed():
    user = UserFactory()
    question = QuestionFactory(key_points=POINTS)
    keep_typed_answer(Owner(user_id=user.pk), question, BOTH)
    TypedAnswer.objects.update(point_verdicts=None)  # typed before the verdicts were kept
    keep_typed_answer(Owner(user_id=user.pk), question, ATTENTION_ONLY)
    exported = personal_data.export(user)["practice"]["typed_answers"]
    assert [typed["key_points_missed"] for typed in exported] == [None, ["Positional encoding"]]
