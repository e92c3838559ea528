from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Card, ReviewLog
from practice.struggle import is_struggling, refresh_practice_signals, wilson_lower_bound
from questions.models import PracticeSignal, Question
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

AGAIN, GOOD = ReviewLog.Rating.AGAIN, ReviewLog.Rating.GOOD
CHANGELIST = "/admin/questions/question/"


def _grade(question, ratings, difficulty=5.0, elapsed_seconds=None):
    """Each rating by another candidate, as a real bank's would be."""
    users = UserFactory.create_batch(len(ratings))
    cards = Card.objects.bulk_create(
        Card(user=user, question=question, due=timezone.now(), difficulty=difficulty) for user in users
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(user=user, card=card, question=question, rating=rating, elapsed_seconds=elapsed_seconds)
        for user, card, rating in zip(users, cards, ratings, strict=True)
    )


@pytest.fixture
def bank_norm():
    """Ten questions candidates mostly get right: 20 % Again."""
    for _ in range(10):
        _grade(QuestionFactory(), [AGAIN] * 2 + [GOOD] * 8)


def test_struggle_flag_appears_for_a_question_with_many_again_grades(bank_norm):
    hard = QuestionFactory(title="A wrong answer")
    _grade(hard, [AGAIN] * 18 + [GOOD] * 2, difficulty=8.5, elapsed_seconds=3 * 86400)
    assert refresh_practice_signals() == 1
    signal = PracticeSignal.objects.get(question=hard)
    assert (signal.reviews, signal.again, signal.lapses, signal.struggling) == (20, 18, 18, True)
    assert signal.mean_difficulty == pytest.approx(8.5)
    assert list(Question.objects.struggling()) == [hard]


def test_no_struggle_flag_for_a_question_with_three_reviews(bank_norm):
    new = QuestionFactory(title="Seen three times")
    _grade(new, [AGAIN] * 3)
    assert refresh_practice_signals() == 0
    signal = PracticeSignal.objects.get(question=new)
    assert (signal.reviews, signal.again, signal.struggling) == (3, 3, False)


def test_a_question_only_a_little_harder_than_the_bank_is_not_flagged(bank_norm):
    harder = QuestionFactory()
    _grade(harder, [AGAIN] * 60 + [GOOD] * 140)  # 30 % against 20 %, with certainty
    refresh_practice_signals()
    assert not PracticeSignal.objects.get(question=harder).struggling


def test_few_reviews_are_no_evidence():
    assert wilson_lower_bound(3, 3) < 0.25
    assert wilson_lower_bound(20, 20) > 0.6
    assert not is_struggling(3, 3, bank_share=0.2)
    assert is_struggling(20, 20, bank_share=0.2)
    assert wilson_lower_bound(0, 0) == 0.0


def test_the_thresholds_are_the_settings(bank_norm, settings):
    hard = QuestionFactory()
    _grade(hard, [AGAIN] * 20)
    settings.STRUGGLE_MARGIN = 1.0  # flags nothing
    assert refresh_practice_signals() == 0
    settings.STRUGGLE_MARGIN = 0.15
    # At z = 6, twenty Agains of twenty reach a lower bound of 0.36, short of
    # the bank's 0.33 (this question included) plus 0.15.
    settings.STRUGGLE_Z = 6.0
    assert refresh_practice_signals() == 0
    settings.STRUGGLE_Z = 3.29
    assert refresh_practice_signals() == 1


def test_a_lapse_is_an_again_after_a_day_not_a_first_attempt():
    question = QuestionFactory()
    _grade(question, [AGAIN, AGAIN], elapsed_seconds=600)
    _grade(question, [AGAIN, GOOD], elapsed_seconds=2 * 86400)
    refresh_practice_signals()
    assert PracticeSignal.objects.get(question=question).lapses == 1


def test_signals_go_when_the_reviews_go(bank_norm):
    question = QuestionFactory()
    _grade(question, [AGAIN])
    refresh_practice_signals()
    ReviewLog.objects.filter(question=question).delete()
    refresh_practice_signals()
    assert not PracticeSignal.objects.filter(question=question).exists()
    assert PracticeSignal.objects.count() == 10


def test_nothing_in_a_signal_identifies_a_candidate():
    fields = {field.name for field in PracticeSignal._meta.get_fields()}
    assert fields == {
        "question",
        "reviews",
        "again",
        "lapses",
        "mean_difficulty",
        "typed_answers",
        "most_missed",
        "most_missed_count",
        "most_missed_of",
        "struggling",
        "computed_at",
    }


def test_the_queue_shows_the_figures_and_its_count_equals_the_filtered_changelist(bank_norm, editor_client):
    hard = QuestionFactory(title="A wrong answer")
    _grade(hard, [AGAIN] * 18 + [GOOD] * 2, difficulty=8.5, elapsed_seconds=3 * 86400)
    refresh_practice_signals()
    response = editor_client.get("/admin/")
    section = {s.key: s for s in response.context["dashboard"]}["struggling"]
    assert [q.pk for q in section.questions] == [hard.pk]
    html = response.content.decode()
    assert "Candidates struggle here" in html
    assert "20 reviews · 90% Again · 18 lapses · difficulty 8.5" in html
    changelist = editor_client.get(CHANGELIST, {"queue": "struggling"})
    assert changelist.context["cl"].result_count == section.count == 1
    assert section.more_url == f"{CHANGELIST}?queue=struggling"


def test_the_queue_reads_in_chinese(bank_norm, chinese_editor_client):
    hard = QuestionFactory()
    _grade(hard, [AGAIN] * 20)
    refresh_practice_signals()
    html = chinese_editor_client.get("/admin/").content.decode()
    assert "候选人在这里卡住" in html
    assert "20 次复习" in html


def test_the_periodic_job_refreshes_the_signals(bank_norm):
    from practice.tasks import refresh_practice_signals as task

    task(timestamp=int((timezone.now() - timedelta(minutes=1)).timestamp()))
    assert PracticeSignal.objects.count() == 10
