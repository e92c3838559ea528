"""An interview date: until it no in-scope card is due past it, new
in-scope questions come early enough, the plan counts the days; after it
FSRS's own intervals resume."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practice import interview_plan, queue, scheduling
from practice.interview import FINAL_DAYS, Interview
from practice.models import Card, PracticeSettings
from practice.preferences import Preferences
from practice.timewords import short_interval
from tests.factories import QuestionFactory, TagFactory, UserFactory, category
from tests.practice_helpers import english_client, owner

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _no_fuzz(settings):
    settings.PRACTICE_FSRS_FUZZING = False


def _local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_grading_every_in_scope_card_easy_for_ten_days_never_puts_a_due_date_past_the_interview():
    user = UserFactory()
    start = timezone.localdate() + timedelta(days=1)
    interview = Interview(start + timedelta(days=10), categories=("concept",))
    preferences = Preferences(
        interview_date=interview.day, interview_categories=("concept",), daily_new_limit=4
    )
    PracticeSettings.objects.create(user=user, **preferences.as_dict())
    in_scope = [QuestionFactory(category=category("concept")) for _ in range(12)]
    outside = QuestionFactory(category=category("coding"))
    scheduling.grade(owner(user), outside, 4, now=_local(start, 8))
    seen = set()

    for offset in range(10):
        now = _local(start + timedelta(days=offset), 9)
        with time_machine.travel(now, tick=False):
            while True:
                upcoming = queue.next_card(
                    owner(user), queue.Filters(), limit=4, now=now, review_limit=200, interview=interview
                )
                if upcoming.question is None:
                    break
                scheduling.grade(owner(user), upcoming.question, 4, now=now)
                seen.add(upcoming.question.pk)
                latest = Card.objects.filter(user=user, question__category__slug="concept").latest("due").due
                assert latest <= interview.deadline
                now += timedelta(minutes=1)

    assert seen >= {question.pk for question in in_scope}  # every one met in time
    finals = {card.due.date() for card in Card.objects.filter(user=user, question__category__slug="concept")}
    assert all(interview.day - timedelta(days=FINAL_DAYS) <= day <= interview.day for day in finals)
    assert Card.objects.get(question=outside).due > interview.deadline  # out of scope: plain FSRS


def test_after_the_interview_fsrs_intervals_resume():
    user, question = UserFactory(), QuestionFactory()
    day = timezone.localdate() + timedelta(days=5)
    preferences = Preferences(interview_date=day)
    card, _ = scheduling.grade(owner(user), question, 4, now=timezone.now(), preferences=preferences)
    assert card.due <= Interview(day).deadline
    after = Interview(day).deadline + timedelta(hours=10)
    card, _ = scheduling.grade(owner(user), question, 4, now=after, preferences=preferences)
    assert card.due - after > timedelta(days=10)


def test_new_in_scope_questions_come_first_and_fast_enough(english):
    user = UserFactory()
    tag = TagFactory(name="transformers")
    QuestionFactory(title="Outside first in reading order")
    wanted = [QuestionFactory(tags=[tag]) for _ in range(12)]
    day = timezone.localdate() + timedelta(days=FINAL_DAYS + 4)
    PracticeSettings.objects.create(
        user=user, daily_new_limit=1, interview_date=day, interview_tags=["transformers"]
    )
    client = english_client(user)

    page = client.get(reverse("practice:home"))

    assert page.context["next"].question in wanted
    assert page.context["daily_limit"] == 3  # 12 unseen over the 4 days before the last ones
    plan = client.get(reverse("practice:interview"))
    html = plan.content.decode()
    assert "days to your interview" in html
    assert "data-over-limit" in html  # 3 new a day is over the limit of 1
    assert plan.context["plan"].new_per_day == 3


def test_setting_an_interview_pulls_far_cards_in_scope_into_the_last_days():
    user = UserFactory()
    concept, coding = (
        QuestionFactory(category=category("concept")),
        QuestionFactory(category=category("coding")),
    )
    for question in (concept, coding):
        scheduling.grade(owner(user), question, 4, now=timezone.now() - timedelta(days=1))
    Card.objects.update(due=timezone.now() + timedelta(days=90))
    client = english_client(user)
    day = timezone.localdate() + timedelta(days=10)

    response = client.post(
        reverse("practice:interview"),
        {"interview_date": day.isoformat(), "interview_categories": ["concept"]},
    )

    assert response.status_code == 302
    moved = Card.objects.get(question=concept).due
    deadline = Interview(day).deadline
    assert deadline - timedelta(days=FINAL_DAYS) <= moved < deadline
    assert Card.objects.get(question=coding).due > deadline + timedelta(days=60)
    client.post(reverse("practice:interview"), {"clear": "1"})
    assert PracticeSettings.objects.get(user=user).interview_date is None


def test_the_interview_form_refuses_past_days_far_days_and_unknown_tags(english):
    client = english_client(UserFactory())
    for data in [
        {"interview_date": timezone.localdate().isoformat()},
        {"interview_date": (timezone.localdate() + timedelta(days=400)).isoformat()},
        {"interview_date": (timezone.localdate() + timedelta(days=4)).isoformat(), "interview_tags": "nope"},
    ]:
        response = client.post(reverse("practice:interview"), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not PracticeSettings.objects.exists()


def test_the_buttons_show_intervals_cut_by_the_interview():
    user, question = UserFactory(), QuestionFactory()
    day = timezone.localdate() + timedelta(days=3)
    PracticeSettings.objects.create(user=user, interview_date=day)
    now = timezone.now()
    plain = scheduling.preview(None, Preferences(), now, question)
    cut = scheduling.preview(None, Preferences(interview_date=day), now, question)
    assert plain[4] > timedelta(days=3)
    assert cut[4] <= Interview(day).deadline - now
    assert cut[1] == plain[1]  # a minute stays a minute
    ratings = english_client(user).get(reverse("practice:home")).context["ratings"]
    assert ratings[3][3] == short_interval(cut[4])


def test_the_plan_lays_out_each_day_with_its_workload():
    today = date(2026, 3, 2)
    interview = Interview(today + timedelta(days=7))
    due = {today - timedelta(days=2): 3, today: 2, today + timedelta(days=2): 5}
    rate, days = interview_plan.lay_out(today, interview, due, 8, Preferences(daily_new_limit=2))
    assert rate == 2  # 8 unseen over the 4 days before the last 3
    assert [day.day for day in days] == [today + timedelta(days=i) for i in range(7)]
    assert days[0].reviews == 5  # overdue count today
    assert [day.new for day in days] == [2, 2, 2, 2, 0, 0, 0]
    assert days[0].workload == 5 + 2 * 3  # each new card: two learning steps and the first grade
    assert sum(day.reviews for day in days[4:]) == 8  # the second look of each, in the last days
    assert not any(day.over_limit for day in days)
    _, tight = interview_plan.lay_out(today, interview, due, 40, Preferences(daily_new_limit=2))
    assert tight[0].over_limit
