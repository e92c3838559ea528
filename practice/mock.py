"""Mock interviews: a timed run of questions the candidate answers in their
own words, then compares with the model answer and grades. Grades feed the
same FSRS cards as the practice page. The server keeps the clock (each
question's start and submit times); the page's countdown is decoration."""

import random

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from questions.models import Question

from . import scheduling
from .models import MockAnswer, MockInterview
from .owners import Owner


class NoQuestions(Exception):
    """No published question in the chosen categories."""


def start(owner: Owner, categories, count: int, seconds_per_question: int) -> MockInterview:
    questions = Question.objects.published()
    if categories:
        questions = questions.filter(category__in=categories)
    # Ids only (an index-only read); the sample is drawn in Python rather
    # than by ORDER BY random(), which would sort every row.
    pks = list(questions.order_by().values_list("pk", flat=True))
    if not pks:
        raise NoQuestions
    chosen = random.sample(pks, min(count, len(pks)))
    with transaction.atomic():
        interview = MockInterview.objects.create(
            category_slugs=sorted(category.slug for category in categories),
            seconds_per_question=seconds_per_question,
            **owner.columns(),
        )
        MockAnswer.objects.bulk_create(
            MockAnswer(interview=interview, position=i, question_id=pk) for i, pk in enumerate(chosen, 1)
        )
    return interview


def current(interview: MockInterview, answers) -> MockAnswer | None:
    """The first question not graded yet (None: all done)."""
    return next((answer for answer in answers if answer.rating is None), None)


def open_question(answer: MockAnswer) -> None:
    if answer.started_at is None:
        answer.started_at = timezone.now()
        answer.save(update_fields=["started_at"])


def submit(answer: MockAnswer, text: str) -> None:
    """Keep the candidate's answer. Once compared with the model answer it
    stays as written: only the first submission is stored, even when two
    arrive at once (the UPDATE checks and writes in one statement)."""
    now = timezone.now()
    MockAnswer.objects.filter(pk=answer.pk, submitted_at__isnull=True).update(
        text=text, submitted_at=now, started_at=Coalesce("started_at", Value(now))
    )


def grade(owner: Owner, interview: MockInterview, answer: MockAnswer, rating: int, answers) -> None:
    with transaction.atomic():
        # Locked, so that a double-clicked grade is counted once.
        answer = (
            MockAnswer.objects.select_related("question").select_for_update(of=("self",)).get(pk=answer.pk)
        )
        if answer.rating is not None or answer.submitted_at is None:
            return
        answer.rating = rating
        answer.save(update_fields=["rating"])
        duration = answer.seconds_used * 1000 if answer.seconds_used is not None else None
        if answer.question.is_published:
            scheduling.grade(owner, answer.question, rating, now=timezone.now(), duration_ms=duration)
        if all(other.rating is not None for other in answers if other.pk != answer.pk):
            interview.finished_at = timezone.now()
            interview.save(update_fields=["finished_at"])


def finish(interview: MockInterview) -> None:
    """End early: what is left ungraded stays so."""
    if interview.finished_at is None:
        interview.finished_at = timezone.now()
        interview.save(update_fields=["finished_at"])


def report(interview: MockInterview, answers) -> dict:
    used = [answer.seconds_used for answer in answers if answer.seconds_used is not None]
    return {
        "seconds_used": sum(used),
        "seconds_allowed": interview.seconds_per_question * len(answers),
        "answered": len(used),
        "overtime": [
            a
            for a in answers
            if a.seconds_used is not None and a.seconds_used > interview.seconds_per_question
        ],
        "to_review": [a for a in answers if a.rating is not None and a.rating <= 2],
        "graded": [a for a in answers if a.rating is not None],
    }
