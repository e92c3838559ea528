"""My progress: per-category counts, the streak in the site's time zone, a
heatmap of reviews and a 30-day forecast as server-rendered SVG."""

import importlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from practice import scheduling
from practice.models import Card, ReviewDay, ReviewLog
from questions.models import Question
from tests.factories import QuestionFactory, UserFactory, category
from tests.practice_helpers import english_client, owner

pytestmark = [pytest.mark.django_db]

PROGRESS = reverse("practice:progress")


def _review_on(user, question, day_offset: int, hour: int = 12):
    """A review at `hour` o'clock local time, `day_offset` days ago."""
    local = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    scheduling.grade(owner(user), question, 3, now=local - timedelta(days=day_offset))


def test_counts_per_category():
    user = UserFactory()
    now = timezone.now()
    concept = category("concept")
    seen = [QuestionFactory(category=concept) for _ in range(3)]
    Card.objects.create(user=user, question=seen[0], due=now - timedelta(hours=1), stability=30)
    Card.objects.create(user=user, question=seen[1], due=now + timedelta(days=10), stability=25)
    Card.objects.create(user=user, question=seen[2], due=now + timedelta(days=3), stability=2)
    archived = QuestionFactory(category=concept, status=Question.Status.ARCHIVED)
    Card.objects.create(user=user, question=archived, due=now, stability=40)
    Card.objects.create(user=UserFactory(), question=seen[0], due=now, stability=40)  # someone else's

    rows = {row.category.slug: row for row in english_client(user).get(PROGRESS).context["categories"]}
    assert (rows["concept"].seen, rows["concept"].due_today, rows["concept"].mature) == (3, 1, 2)
    assert rows["coding"].seen == 0


def test_the_streak_counts_consecutive_local_days():
    user = UserFactory()
    question = QuestionFactory()
    for days_ago in (0, 1, 2, 4):
        _review_on(user, question, days_ago)
    assert english_client(user).get(PROGRESS).context["streak"] == 3


def test_a_streak_survives_until_today_has_reviews():
    user = UserFactory()
    question = QuestionFactory()
    for days_ago in (1, 2):
        _review_on(user, question, days_ago)
    assert english_client(user).get(PROGRESS).context["streak"] == 2


def test_days_follow_the_time_zone(settings):
    """00:30 in Shanghai is the previous day in UTC: it counts for today."""
    settings.TIME_ZONE = "Asia/Shanghai"
    user = UserFactory()
    question = QuestionFactory()
    timezone.activate("Asia/Shanghai")
    try:
        _review_on(user, question, 0, hour=0)
        context = english_client(user).get(PROGRESS).context
        assert context["reviewed_today"] == 1
        assert context["streak"] == 1
    finally:
        timezone.deactivate()


def test_heatmap_and_forecast_are_inline_svg_with_text_equivalents():
    user = UserFactory()
    question = QuestionFactory()
    _review_on(user, question, 3)
    _review_on(user, question, 0)
    Card.objects.filter(user=user).update(due=timezone.now() + timedelta(days=2))
    response = english_client(user).get(PROGRESS)
    html = response.content.decode()
    heatmap = response.context["heatmap"]
    assert heatmap["total"] == 2
    assert len(heatmap["cells"]) >= 365
    assert sum(bar["count"] for bar in response.context["forecast"]["bars"]) == 1
    assert html.count('<svg class="heatmap" role="img"') == 1
    assert '<svg class="forecast" role="img"' in html
    assert "<title>" in html
    assert "2 reviews on 2 days over the last year" in html
    assert "1 reviews due over the next 30 days" in html or "1 review" in html


def test_overdue_cards_count_as_due_today_in_the_forecast():
    user = UserFactory()
    Card.objects.create(user=user, question=QuestionFactory(), due=timezone.now() - timedelta(days=40))
    bars = english_client(user).get(PROGRESS).context["forecast"]["bars"]
    assert bars[0]["count"] == 1


def test_the_log_of_an_archived_question_still_counts_as_a_review_day():
    user = UserFactory()
    question = QuestionFactory()
    _review_on(user, question, 0)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.ARCHIVED)
    context = english_client(user).get(PROGRESS).context
    assert context["streak"] == 1
    assert ReviewLog.objects.count() == 1
    assert context["categories"][0].seen == 0


def test_every_heatmap_square_and_forecast_bar_has_a_tooltip_with_its_day_and_count():
    user = UserFactory()
    question = QuestionFactory()
    _review_on(user, question, 0, hour=9)
    _review_on(user, question, 0, hour=10)
    Card.objects.filter(user=user).update(due=timezone.now() + timedelta(days=2))
    response = english_client(user).get(PROGRESS)
    html = response.content.decode()
    with translation.override("en"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")
        in_two_days = date_format(timezone.localdate() + timedelta(days=2), "DATE_FORMAT")
    # Each day's square, plus the five of the legend.
    assert html.count('class="heat heat-') == len(response.context["heatmap"]["cells"]) + 5
    assert f'class="heat heat-4"><title>{today}: 2 reviews</title></rect>' in html
    assert ": 0 reviews</title>" in html
    assert f"<title>{in_two_days}: 1 due</title>" in html
    assert f"<td>{in_two_days}</td><td>1</td>" in html


def test_the_heatmap_names_months_and_weekdays_and_opens_at_today_on_a_narrow_screen():
    user = UserFactory()
    _review_on(user, QuestionFactory(), 0)
    response = english_client(user).get(PROGRESS)
    html = response.content.decode()
    for weekday in ("Mon", "Wed", "Fri"):
        assert f'class="heat-label">{weekday}</text>' in html
    this_month = date_format(timezone.localdate(), "M")
    assert f'class="heat-label">{this_month}</text>' in html or timezone.localdate().day < 7
    months = html.count('class="heat-label">') - 3
    assert 12 <= months <= 14  # a year of months, never two on one column
    assert 'class="chart-scroll chart-scroll-end"' in html  # right to left: today in view without a script


def test_true_recall_counts_only_reviews_after_a_day_per_category_and_week():
    user = UserFactory()
    concept, coding = (
        QuestionFactory(category=category("concept")),
        QuestionFactory(category=category("coding")),
    )
    now = timezone.now()
    for question, ratings in ((concept, (3, 1, 3, 3)), (coding, (3, 3))):
        moment = now - timedelta(days=30)
        for rating in ratings:
            scheduling.grade(owner(user), question, rating, now=moment)
            moment += timedelta(days=3)
        last = moment - timedelta(days=3)
        scheduling.grade(owner(user), question, 1, now=last + timedelta(minutes=5))  # minutes later: no test

    chart = english_client(user).get(PROGRESS).context["retention"]

    rows = {row.label: row.recall for row in chart["categories"]}
    assert (rows["Concept"].tests, rows["Concept"].recalled) == (3, 2)  # the first grade is no test
    assert (rows["Coding"].tests, rows["Coding"].recalled) == (1, 1)
    assert (chart["total"].tests, chart["total"].percent) == (4, 75)
    assert sum(week["recall"].tests for week in chart["weeks"]) == 4
    assert len(chart["weeks"]) == 12


def test_the_recall_counts_of_older_logs_are_filled_in_from_the_log():
    from django.db import connection

    backfill = importlib.import_module("practice.migrations.0009_recall_counters").backfill
    user, question = UserFactory(), QuestionFactory()
    moment = timezone.now() - timedelta(days=20)
    for rating in (3, 1, 3):
        scheduling.grade(owner(user), question, rating, now=moment)
        moment += timedelta(days=4)
    Card.objects.update(recall_tests=0, recalled=0)
    ReviewDay.objects.update(recall_tests=0, recalled=0)

    backfill(None, type("Editor", (), {"connection": connection})())

    card = Card.objects.get()
    assert (card.recall_tests, card.recalled) == (2, 1)
    days = ReviewDay.objects.filter(user=user).order_by("day")
    assert [(day.recall_tests, day.recalled) for day in days] == [(0, 0), (1, 0), (1, 1)]


def test_a_card_s_published_question_and_category_are_in_one_index():
    # What the progress page's pass over the cards (progress.card_counts)
    # probes per card for a learner with few cards in a big bank, index-only
    # (bench-http: 18.4 -> 6.6 ms of Postgres CPU for 2,000 cards of 100,000).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'question_published_ids'")
        [(definition,)] = cursor.fetchall()
    assert "(id) INCLUDE (category_id) WHERE ((status)::text = 'published'::text)" in definition
