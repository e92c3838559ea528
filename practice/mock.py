"""Mock interviews: a run of questions the candidate answers in their own
words, then compares with the model answer and grades. Grades feed the same
FSRS cards as the practice page.

The server keeps the clock (each question's start and submit times) and the
optional time limit: an answer that arrives after the limit (and a few
seconds' grace for the page's own submission at zero and the network) is
kept but recorded as timed out, and a question whose page is loaded after
its limit with nothing submitted ends there, timed out, with no answer. The
page's countdown, which submits what was typed when it reaches zero, is an
enhancement: without script the next page load moves on."""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape, linebreaks

from questions.markdown import MarkdownTooSlow, render_markdown
from questions.models import Question

from . import scheduling
from .models import MockAnswer, MockInterview
from .owners import Owner

# A submission this late after the limit still counts as in time: the page's
# own submission at zero, and the network, take a moment.
GRACE_SECONDS = 5


class NoQuestions(Exception):
    """No published question in the chosen categories."""


def start(owner: Owner, categories, count: int, seconds_per_question: int) -> MockInterview:
    """`seconds_per_question` 0: no time limit."""
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


def deadline(interview: MockInterview, answer: MockAnswer) -> datetime | None:
    """When the question's time runs out (None: no limit, or not opened)."""
    if not interview.seconds_per_question or answer.started_at is None:
        return None
    return answer.started_at + timedelta(seconds=interview.seconds_per_question)


def _is_late(interview: MockInterview, answer: MockAnswer, now: datetime) -> bool:
    ends = deadline(interview, answer)
    return ends is not None and now > ends + timedelta(seconds=GRACE_SECONDS)


def open_question(interview: MockInterview, answer: MockAnswer) -> None:
    """Start the question's clock on its first showing; on a later showing
    past its time limit with nothing submitted, end it (timed out)."""
    if answer.started_at is None:
        answer.started_at = timezone.now()
        answer.save(update_fields=["started_at"])
    elif answer.submitted_at is None and _is_late(interview, answer, timezone.now()):
        ended = deadline(interview, answer)
        MockAnswer.objects.filter(pk=answer.pk, submitted_at__isnull=True).update(
            submitted_at=ended, timed_out=True
        )
        answer.refresh_from_db(fields=["text", "text_html", "submitted_at", "timed_out"])


def render_answer(text: str) -> str:
    """The candidate's answer as sanitized Markdown with highlighted code,
    through the site's renderer and its time budget; an answer that takes
    too long (or a renderer too busy to take it) is shown as plain text."""
    try:
        return render_markdown(text)
    except MarkdownTooSlow:  # RendererBusy too
        return linebreaks(escape(text))


def submit(interview: MockInterview, answer: MockAnswer, text: str) -> None:
    """Keep the candidate's answer. Once compared with the model answer it
    stays as written: only the first submission is stored, even when two
    arrive at once (the UPDATE checks and writes in one statement). One that
    arrives past the time limit is kept, marked timed out."""
    html = render_answer(text) if text.strip() else ""
    now = timezone.now()
    MockAnswer.objects.filter(pk=answer.pk, submitted_at__isnull=True).update(
        text=text,
        text_html=html,
        submitted_at=now,
        started_at=Coalesce("started_at", Value(now)),
        timed_out=_is_late(interview, answer, now),
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
    limit = interview.seconds_per_question
    return {
        "seconds_used": sum(used),
        "seconds_allowed": limit * len(answers),
        "answered": len(used),
        "overtime": [
            a
            for a in answers
            if a.timed_out or (limit and a.seconds_used is not None and a.seconds_used > limit)
        ],
        "to_review": [a for a in answers if a.rating is not None and a.rating <= 2],
        "graded": [a for a in answers if a.rating is not None],
    }
