"""Personal FSRS parameters: fsrs-rs's optimizer on a synthetic log whose
learner forgets faster than FSRS's defaults assume finds parameters with a
lower log loss; the background job stores them, and grading uses them."""

import math
import random
from datetime import UTC, date, datetime, time, timedelta

import fsrs
import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from practice import optimizer, scheduling
from practice.models import Card, PracticeSettings, ReviewLog
from practice.preferences import of_user
from tests.factories import QuestionFactory, UserFactory
from tests.jobs_helpers import run_queued_jobs
from tests.practice_helpers import english_client, owner, settings_form

pytestmark = [pytest.mark.django_db]

START = date(2025, 1, 1)


def _forgetful_history(cards: int, seed: int = 5) -> dict[int, list[tuple[date, int]]]:
    """A learner whose memory lasts a third of what the defaults predict,
    reviewed when the default scheduler says: recalled (Good) with the
    probability of that shorter memory, else forgotten (Again)."""
    rng = random.Random(seed)
    scheduler = fsrs.Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
    history = {}
    for card_id in range(cards):
        card = fsrs.Card(card_id=card_id + 1, due=datetime.now(UTC))
        day = START + timedelta(days=rng.randrange(30))
        grades = []
        for _ in range(8):
            if grades:
                elapsed = (day - grades[-1][0]).days
                recall = math.exp(-elapsed / max(card.stability / 3, 0.1))
                rating = 3 if rng.random() < recall else 1
            else:
                rating = 3
            grades.append((day, rating))
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), review_datetime=moment)
            day += timedelta(days=max(1, (card.due - moment).days))
        history[card_id] = grades
    return history


def test_the_optimizer_fits_a_forgetful_learner_better_than_the_defaults():
    result = optimizer.optimise(_forgetful_history(80))
    assert result.reviews == 640
    assert result.improved
    assert result.log_loss_after < result.log_loss_before
    assert len(result.parameters) == 21
    assert result.parameters != optimizer.DEFAULT_PARAMETERS
    assert optimizer.usable(result.parameters)


def test_too_short_a_log_is_refused():
    with pytest.raises(optimizer.NotEnoughReviews):
        optimizer.optimise(_forgetful_history(10))


def _store(user, history):
    questions = [QuestionFactory() for _ in history]
    for question, grades in zip(questions, history.values(), strict=True):
        card = Card.objects.create(user=user, question=question, due=timezone.now())
        ReviewLog.objects.bulk_create(
            ReviewLog(
                user=user,
                card=card,
                question=question,
                rating=rating,
                reviewed_at=datetime.combine(day, time(6), tzinfo=UTC),  # 14:00 in Shanghai
            )
            for day, rating in grades
        )


def test_the_job_stores_personal_parameters_that_grading_then_uses(english):
    user = UserFactory()
    _store(user, _forgetful_history(60))
    client = english_client(user)
    assert "Optimise from my reviews" in client.get(reverse("practice:settings")).content.decode()

    client.post(reverse("practice:optimise"))
    assert Job.objects.get().kind == Job.Kind.FSRS_OPTIMISATION
    assert run_queued_jobs() == ["practice.optimise_parameters"]

    stored = PracticeSettings.objects.get(user=user)
    assert stored.fsrs_reviews == 480
    assert stored.fsrs_log_loss_after < stored.fsrs_log_loss_before
    assert len(stored.fsrs_parameters) == 21
    assert Job.objects.get().status == Job.Status.SUCCEEDED
    page = client.get(reverse("practice:settings")).content.decode()
    assert "with the defaults" in page
    preferences = of_user(user.pk)
    assert scheduling.scheduler(preferences).parameters == tuple(stored.fsrs_parameters)
    client.post(reverse("practice:settings"), settings_form(daily_new_limit=5))
    assert PracticeSettings.objects.get(user=user).fsrs_parameters == stored.fsrs_parameters  # kept

    question = QuestionFactory()
    card, _ = scheduling.grade(owner(user), question, 4, now=timezone.now())
    default_card, _ = scheduling.grade(owner(UserFactory()), question, 4, now=timezone.now())
    assert card.stability != default_card.stability  # the personal model, not the default one


def test_a_short_log_cannot_start_the_job_and_a_guest_sees_no_button(english):
    user = UserFactory()
    scheduling.grade(owner(user), QuestionFactory(), 3, now=timezone.now())
    client = english_client(user)
    assert "optimising needs at least 400" in client.get(reverse("practice:settings")).content.decode()
    client.post(reverse("practice:optimise"))
    assert not Job.objects.exists()
    assert (
        "Personal FSRS parameters" not in english_client().get(reverse("practice:settings")).content.decode()
    )
