"""How the practice pages write times: Anki's short intervals on the grade
buttons, and when the next card comes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from practice.timewords import short_interval, when


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=365 * 2), "2y"),
    ],
)
def test_intervals_are_written_as_anki_writes_them(english, interval, label):
    assert short_interval(interval) == label


def test_the_next_card_is_in_minutes_then_today_tomorrow_or_a_date(english, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    with timezone.override("Asia/Shanghai"):
        now = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 local
        assert when(now + timedelta(seconds=50), now) == "in 1 minute"
        assert when(now + timedelta(minutes=10), now) == "in 10 minutes"
        assert when(now + timedelta(hours=3), now) == "today 15:00"
        assert when(now + timedelta(hours=20), now) == "tomorrow 08:00"
        assert when(now + timedelta(days=3), now).endswith("12:00")
        assert when(now - timedelta(minutes=1), now) == "now"
