"""The practice page: due cards first (most overdue first), then new
questions in reading order up to the daily limit; published questions only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import queue, scheduling
from practice.models import Card, PracticeSettings, ReviewLog
from questions.models import Question
from tests.factories import QuestionFactory, SourceFactory, UserFactory, category
from tests.practice_helpers import english_client, owner, settings_form

pytestmark = [pytest.mark.django_db]

PRACTICE = reverse("practice:home")


def _shown(client, url=PRACTICE):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["next"]


def _card(user, question, *, due, last_review=None):
    return Card.objects.create(
        user=user, question=question, due=due, last_review=last_review or due - timedelta(days=1), state=2
    )


def test_due_cards_come_before_new_ones_most_overdue_first():
    user = UserFactory()
    now = timezone.now()
    new = QuestionFactory()
    slightly, very = QuestionFactory(), QuestionFactory()
    _card(user, slightly, due=now - timedelta(hours=1))
    _card(user, very, due=now - timedelta(days=3))
    _card(user, QuestionFactory(), due=now + timedelta(days=2))  # not due yet
    client = english_client(user)

    assert _shown(client).question == very
    Card.objects.filter(question=very).update(due=now + timedelta(days=5))
    assert _shown(client).question == slightly
    Card.objects.filter(question=slightly).update(due=now + timedelta(days=5))
    assert _shown(client).question == new


def test_new_questions_come_in_reading_order():
    article = SourceFactory()
    second = QuestionFactory(source=article, source_position=2)
    first = QuestionFactory(source=article, source_position=1)
    loose = QuestionFactory()
    client = english_client(UserFactory())
    assert _shown(client).question == first
    client.post(reverse("practice:grade"), {"question": first.pk, "rating": 3})
    Card.objects.update(due=timezone.now() + timedelta(days=1))
    assert _shown(client).question == second
    client.post(reverse("practice:grade"), {"question": second.pk, "rating": 3})
    Card.objects.update(due=timezone.now() + timedelta(days=1))
    assert _shown(client).question == loose


def test_the_daily_limit_stops_new_questions_but_not_reviews():
    user = UserFactory()
    PracticeSettings.objects.create(user=user, daily_new_limit=2)
    questions = [QuestionFactory() for _ in range(4)]
    client = english_client(user)
    for question in questions[:2]:
        shown = _shown(client)
        assert shown.question == question
        client.post(reverse("practice:grade"), {"question": question.pk, "rating": 4})
        Card.objects.update(due=timezone.now() + timedelta(days=1))
    shown = _shown(client)
    assert shown.question is None
    assert shown.new_left == 0
    # A card falling due still shows.
    Card.objects.filter(question=questions[0]).update(due=timezone.now() - timedelta(minutes=1))
    assert _shown(client).question == questions[0]


def test_the_daily_limit_is_a_setting_with_bounds(english):
    user = UserFactory()
    client = english_client(user)
    response = client.post(reverse("practice:settings"), settings_form(daily_new_limit=100000))
    assert response.status_code == 200
    assert "less than or equal to 500" in response.content.decode()
    client.post(reverse("practice:settings"), settings_form(daily_new_limit=7))
    assert PracticeSettings.objects.get(user=user).daily_new_limit == 7
    assert client.get(PRACTICE).context["daily_limit"] == 7


def test_filters_narrow_the_queue():
    QuestionFactory(category=category("concept"))
    coding = QuestionFactory(category=category("coding"), difficulty="hard")
    client = english_client(UserFactory())
    assert _shown(client, PRACTICE + "?category=coding").question == coding
    assert _shown(client, PRACTICE + "?difficulty=hard").question == coding
    assert _shown(client, PRACTICE + "?category=no-such").question is None


def test_unpublished_and_archived_questions_leave_the_queue_at_once_but_keep_their_history():
    user = UserFactory()
    due_one, new_one = QuestionFactory(), QuestionFactory()
    scheduling.grade(owner(user), due_one, 1, now=timezone.now() - timedelta(days=2))
    client = english_client(user)
    assert _shown(client).question == due_one

    Question.objects.filter(pk=due_one.pk).update(status=Question.Status.ARCHIVED)
    assert _shown(client).question == new_one
    Question.objects.filter(pk=new_one.pk).update(status=Question.Status.DRAFT)
    assert _shown(client).question is None
    assert ReviewLog.objects.filter(question=due_one).count() == 1


def test_grading_a_draft_is_refused():
    draft = QuestionFactory(status=Question.Status.DRAFT)
    client = english_client(UserFactory())
    response = client.post(reverse("practice:grade"), {"question": draft.pk, "rating": 3})
    assert response.status_code == 404
    assert not Card.objects.exists()


def test_grading_records_the_review_and_moves_on():
    user = UserFactory()
    question = QuestionFactory()
    client = english_client(user)
    page = client.get(PRACTICE + "?category=concept")
    response = client.post(
        reverse("practice:grade"),
        {"question": question.pk, "rating": 2, "shown": page.context["shown"], "category": "concept"},
    )
    assert response.status_code == 302
    assert response["Location"] == PRACTICE + "?category=concept"
    log = ReviewLog.objects.get()
    assert (log.user, log.question, log.rating) == (user, question, 2)
    assert log.duration_ms is not None
    assert log.duration_ms < 60_000


def test_a_bad_grade_is_explained_and_records_nothing():
    question = QuestionFactory()
    client = english_client(UserFactory())
    response = client.post(reverse("practice:grade"), {"question": question.pk, "rating": 9}, follow=True)
    assert "could not be recorded" in response.content.decode()
    assert not ReviewLog.objects.exists()


def test_the_answer_is_hidden_until_revealed_and_keyboard_script_is_external():
    QuestionFactory(answer="The hidden **answer**.")
    html = english_client(UserFactory()).get(PRACTICE).content.decode()
    assert '<details class="reveal reveal-answer" data-reveal>' in html
    assert 'src="/static/js/practice.js"' in html
    assert "<script>" not in html


def test_a_long_backlog_is_shown_as_more_than_the_cap():
    user = UserFactory()
    past = timezone.now() - timedelta(days=1)
    questions = [QuestionFactory() for _ in range(queue.DUE_COUNT_CAP + 2)]
    Card.objects.bulk_create(Card(user=user, question=q, due=past) for q in questions)
    html = english_client(user).get(PRACTICE).content.decode()
    assert f"{queue.DUE_COUNT_CAP}+ reviews due" in html


def test_new_questions_skip_everything_seen_in_reading_order():
    user = UserFactory()
    article = SourceFactory()
    questions = [QuestionFactory(source=article, source_position=i) for i in range(1, 6)]
    later = timezone.now() + timedelta(days=3)
    Card.objects.bulk_create(
        Card(user=user, question=q, due=later) for q in (questions[0], questions[1], questions[3])
    )
    Card.objects.create(user=UserFactory(), question=questions[2], due=later)  # someone else's card
    assert queue.first_unseen(owner(user), queue.Filters()) == questions[2]
    assert queue.first_unseen(owner(user), queue.Filters(difficulty="hard")) is None


def test_the_practice_pages_speak_chinese():
    QuestionFactory()
    client = english_client(UserFactory())
    html = client.get(PRACTICE, headers={"accept-language": "zh-hans"}).content.decode()
    assert "显示答案" in html
    assert "重来" in html
    assert (
        "连续学习"
        in client.get(reverse("practice:progress"), headers={"accept-language": "zh-hans"}).content.decode()
    )
