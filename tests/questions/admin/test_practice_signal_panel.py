"""The change form's read-only "Practice signals" panel: what candidates'
practice says about the question, counts only."""

import pytest
from django.utils import timezone

from questions.models import PracticeSignal
from tests.admin_helpers import change_url
from tests.factories import DraftFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _signal(question, **fields):
    values = {"reviews": 20, "again": 18, "lapses": 4, "mean_difficulty": 8.5, "computed_at": timezone.now()}
    return PracticeSignal.objects.create(question=question, **{**values, **fields})


def test_the_change_form_of_a_live_question_shows_its_practice_signals(editor_client):
    question = QuestionFactory()
    _signal(
        question,
        struggling=True,
        typed_answers=25,
        most_missed="Positional <b>encoding</b>",
        most_missed_count=18,
        most_missed_of=20,
    )
    html = editor_client.get(change_url(question)).content.decode()
    assert "Practice signals" in html
    assert "<strong>Candidates struggle here</strong>: reread the answer and the key points." in html
    assert "20 reviews · 90% Again · 4 lapses · difficulty 8.5" in html
    assert "most often missed: “Positional &lt;b&gt;encoding&lt;/b&gt;” (18 of 20 typed answers)" in html
    assert "25 typed answers checked against the key points" in html


def test_the_change_form_of_a_draft_shows_its_practice_signals(editor_client, editor):
    draft = DraftFactory(author=editor)
    _signal(draft, again=2, typed_answers=3)
    html = editor_client.get(change_url(draft)).content.decode()
    assert "20 reviews · 10% Again · 4 lapses · difficulty 8.5" in html
    assert "no key point is missed far more often than the bank" in html
    assert "reread the answer" not in html


def test_the_panel_says_when_nobody_has_practised_the_question(editor_client):
    html = editor_client.get(change_url(QuestionFactory())).content.decode()
    assert "Practice signals" in html
    assert "No candidate has practised this question yet." in html


def test_the_panel_reads_in_chinese(chinese_editor_client):
    question = QuestionFactory()
    _signal(question, typed_answers=20, most_missed="位置编码", most_missed_count=18, most_missed_of=20)
    html = chinese_editor_client.get(change_url(question)).content.decode()
    assert "练习信号" in html
    assert "最常遗漏：“位置编码”（20 份输入的回答中 18 份）" in html
