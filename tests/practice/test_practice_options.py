"""Practice like Anki's: the grade buttons say when the card comes back
(from the scheduler itself), the page says when the next card is (as the
progress page does), the learner's settings shape the schedule, and custom
study never moves it."""

from datetime import timedelta

import fsrs
import pytest
from django.urls import reverse
from django.utils import timezone

from practice import scheduling
from practice.models import Card, PracticeSettings, ReviewDay, ReviewLog
from practice.preferences import Preferences, StepsError, parse_steps
from practice.timewords import short_interval
from tests.factories import QuestionFactory, UserFactory, category
from tests.practice_helpers import english_client, owner, settings_form

pytestmark = [pytest.mark.django_db]

PRACTICE = reverse("practice:home")


@pytest.fixture(autouse=True)
def _no_fuzz(settings):
    settings.PRACTICE_FSRS_FUZZING = False


def _buttons(response) -> dict[int, str]:
    return {value: interval for value, _label, _key, interval in response.context["ratings"]}


def test_a_new_cards_buttons_show_the_schedulers_intervals():
    QuestionFactory()
    response = english_client(UserFactory()).get(PRACTICE)
    now = timezone.now()
    library = fsrs.Scheduler(enable_fuzzing=False)
    expected = {
        int(rating): short_interval(
            library.review_card(fsrs.Card(card_id=1, due=now), rating, now)[0].due - now
        )
        for rating in fsrs.Rating
    }
    assert _buttons(response) == expected
    assert _buttons(response)[1] == "1m"
    assert _buttons(response)[3] == "10m"
    html = response.content.decode()
    assert 'data-key="3" data-default' in html  # the button Space and Enter press
    assert '<span class="grade-interval">10m</span>' in html


def test_a_review_cards_buttons_match_what_grading_then_does():
    user, question = UserFactory(), QuestionFactory()
    start = timezone.now() - timedelta(days=30)
    scheduling.grade(owner(user), question, 4, now=start)
    card = Card.objects.get()
    Card.objects.filter(pk=card.pk).update(due=timezone.now() - timedelta(minutes=1))
    client = english_client(user)
    shown = _buttons(client.get(PRACTICE))
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 3})
    card.refresh_from_db()
    assert shown[3] == short_interval(card.due - card.last_review)
    assert shown[3].endswith(("d", "mo"))


def test_when_nothing_is_due_yet_both_pages_say_when_the_next_card_is():
    user, question = UserFactory(), QuestionFactory()
    client = english_client(user)
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 1})
    page = client.get(PRACTICE)
    assert page.context["next"].question is None
    assert page.context["next_due"] == "in 1 minute"
    assert "Nothing is due yet: your next card is due in 1 minute." in page.content.decode()
    assert "next card due in 1 minute" in client.get(reverse("practice:progress")).content.decode()


def test_settings_are_bounded_and_explained(english):
    user = UserFactory()
    client = english_client(user)
    for bad in [
        {"desired_retention": 0.5},
        {"desired_retention": 1},
        {"daily_review_limit": 10_000},
        {"learning_steps": "0m"},
        {"learning_steps": "2d"},
        {"learning_steps": "1m " * 11},
        {"learning_steps": "soon"},
    ]:
        response = client.post(reverse("practice:settings"), settings_form(**bad))
        assert response.status_code == 200, bad
        assert response.context["form"].errors, bad
    assert not PracticeSettings.objects.exists()
    client.post(
        reverse("practice:settings"),
        settings_form(
            desired_retention=0.8, learning_steps=" 5m   1h ", hide_difficulty="on", daily_review_limit=3
        ),
    )
    saved = PracticeSettings.objects.get(user=user)
    assert (saved.desired_retention, saved.learning_steps, saved.hide_difficulty) == (0.8, "5m 1h", True)
    assert saved.daily_review_limit == 3


def test_steps_are_read_as_minutes_hours_and_days():
    assert parse_steps("1m 10m 1h 1d") == (
        timedelta(minutes=1),
        timedelta(minutes=10),
        timedelta(hours=1),
        timedelta(days=1),
    )
    assert parse_steps("") == ()
    with pytest.raises(StepsError):
        parse_steps("1w")


def test_learning_steps_and_retention_change_the_schedule():
    user, question, other = UserFactory(), QuestionFactory(), QuestionFactory()
    PracticeSettings.objects.create(user=user, learning_steps="5m 30m")
    card, _ = scheduling.grade(owner(user), question, 1, now=timezone.now())
    assert card.due - card.last_review == timedelta(minutes=5)

    start = timezone.now() - timedelta(days=60)
    intervals = {}
    for retention in (0.8, 0.95):
        strict = Preferences(desired_retention=retention)
        card, _ = scheduling.grade(owner(user), other, 4, now=start, preferences=strict)
        reviewed, _ = scheduling.grade(owner(user), other, 3, now=card.due, preferences=strict)
        intervals[retention] = reviewed.due - reviewed.last_review
        Card.objects.filter(question=other).delete()
    assert intervals[0.95] < intervals[0.8]


def test_the_review_limit_holds_back_cards_in_review_but_not_learning(english):
    user = UserFactory()
    PracticeSettings.objects.create(user=user, daily_review_limit=1)
    first, second = QuestionFactory(), QuestionFactory()
    for question in (first, second):
        scheduling.grade(owner(user), question, 4, now=timezone.now() - timedelta(days=40))
    Card.objects.update(due=timezone.now() - timedelta(hours=1))
    ReviewDay.objects.all().delete()
    client = english_client(user)
    shown = client.get(PRACTICE).context["next"]
    client.post(reverse("practice:grade"), {"question": shown.question.pk, "rating": 1})  # to relearning

    page = client.get(PRACTICE)
    assert page.context["next"].question is None  # the other waits; the relearning one in 10 minutes
    assert page.context["next"].review_limit_met
    assert "reached today's limit of 1 reviews" in page.content.decode()
    Card.objects.filter(state=Card.State.RELEARNING).update(due=timezone.now())
    assert client.get(PRACTICE).context["next"].question == shown.question


def test_the_difficulty_can_be_hidden_while_practising():
    user = UserFactory()
    QuestionFactory(difficulty="hard")
    client = english_client(user)
    assert "badge-hard" in client.get(PRACTICE).content.decode()
    PracticeSettings.objects.create(user=user, hide_difficulty=True)
    assert "badge-hard" not in client.get(PRACTICE).content.decode()


def test_a_guest_keeps_preferences_in_the_session():
    QuestionFactory()
    client = english_client()
    client.post(reverse("practice:settings"), settings_form(learning_steps="3m"))
    assert not PracticeSettings.objects.exists()
    assert client.get(PRACTICE).context["ratings"][0][3] == "3m"


def test_custom_study_goes_lowest_recall_first_and_moves_nothing():
    user = UserFactory()
    concept = category("concept")
    fresh, stale, other = (QuestionFactory(category=concept) for _ in range(3))
    QuestionFactory(category=category("coding"))
    now = timezone.now()
    scheduling.grade(owner(user), fresh, 3, now=now - timedelta(days=1))
    scheduling.grade(owner(user), stale, 3, now=now - timedelta(days=9))
    scheduling.grade(owner(user), other, 4, now=now - timedelta(days=2))
    cards = list(Card.objects.order_by("pk").values())
    logs, days = ReviewLog.objects.count(), list(ReviewDay.objects.values())
    client = english_client(user)

    seen = []
    for position in range(4):
        response = client.get(
            reverse("practice:custom"), {"category": "concept", "lowest_recall": "on", "position": position}
        )
        item = response.context["item"]
        seen.append(item and item.question)
    assert seen == [stale, fresh, other, None]  # stale: most elapsed for its stability
    first = client.get(reverse("practice:custom"), {"category": "concept", "lowest_recall": "on"})
    assert "recall now" in first.content.decode()
    every = [client.get(reverse("practice:custom"), {"position": i}).context["item"] for i in range(5)]
    assert [item.question.category.slug for item in every[:4]].count("concept") == 3
    assert every[4] is None

    assert list(Card.objects.order_by("pk").values()) == cards
    assert ReviewLog.objects.count() == logs
    assert list(ReviewDay.objects.values()) == days


def test_space_and_enter_press_the_suggested_grade_but_never_again():
    question = QuestionFactory(
        answer="注意力机制与位置编码。",
        key_points="! 注意力机制 | self-attention\n位置编码 | positional encoding",
    )
    client = english_client(UserFactory())
    client.post(reverse("practice:answer_first"), {"on": "1", "next": PRACTICE})

    def typed(text):
        response = client.post(reverse("practice:typed_answer"), {"question": question.pk, "text": text})
        return client.get(response["Location"])

    page = typed("self-attention and positional encoding")
    assert page.context["suggested_grade"] == page.context["default_grade"] != 1
    assert f'data-key="{page.context["default_grade"]}" data-default' in page.content.decode()

    page = typed("no idea")
    assert page.context["suggested_grade"] == 1
    assert page.context["default_grade"] == 3
    assert 'data-key="3" data-default' in page.content.decode()
