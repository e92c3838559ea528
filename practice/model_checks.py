"""Asking the language model about a typed answer — a mock interview's
(`MockAnswer`) or one typed before the reveal in practice (`TypedAnswer`):
once per answer, on the candidate's request, as a job; the page shows it
queued, then its verdict (or why there is none).

Off unless settings.MODEL_CHECKER_MODEL names a model (practice.model_checker
says what is sent and what is believed)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from questions.keypoints.points import Feedback, KeyPoint, PointVerdict

from .model_checker import CHECKER, ModelCheckFailed, ModelCheckTimedOut, check_with_model
from .models import MockAnswer, ReviewLog, TypedAnswer

QUEUED, DONE, FAILED, TIMED_OUT = "queued", "done", "failed", "timed_out"
TASK_NAME = "practice.check_answer_with_model"
# The answers the model may be asked about, by the name the job is given.
# Each has `text`, `question` and `model_check`.
KINDS = {"mock": MockAnswer, "typed": TypedAnswer}
# A check still queued this long after its budget ran out has lost its
# worker (or none is running): the page stops waiting for it.
LOST_AFTER_SECONDS = 120


def is_configured() -> bool:
    return bool(settings.MODEL_CHECKER_MODEL)


def _kind(answer) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(answer, model))


def can_ask(answer) -> bool:
    """Configured, an answer with text against key points, not asked yet."""
    return (
        is_configured()
        and answer.model_check is None
        and bool(answer.text.strip())
        and bool(answer.question.parsed_key_points())
    )


def request_check(answer) -> bool:
    """Queue the check, once per answer whatever the clicks (the UPDATE
    checks and writes in one statement). False: not possible or asked."""
    if not can_ask(answer):
        return False
    queued = {"status": QUEUED, "requested_at": timezone.now().isoformat()}
    # The job and the answer's state in one transaction (procrastinate's
    # Django connector writes on Django's connection): both or neither.
    with transaction.atomic():
        model = type(answer)
        updated = model.objects.filter(pk=answer.pk, model_check__isnull=True).update(model_check=queued)
        if updated:
            # By name: practice.tasks imports this module.
            app.configure_task(TASK_NAME).defer(kind=_kind(answer), answer_id=answer.pk)
    return bool(updated)


def run_check(kind: str, answer_id: int) -> None:
    """The job: ask the model within the budget and keep what it said."""
    model = KINDS[kind]
    answer = model.objects.select_related("question").filter(pk=answer_id).first()
    if answer is None or not answer.model_check or answer.model_check.get("status") != QUEUED:
        return
    points = answer.question.parsed_key_points()
    try:
        feedback = check_with_model(
            points,
            answer.text,
            model_id=settings.MODEL_CHECKER_MODEL,
            seconds=settings.MODEL_CHECKER_SECONDS,
            key=settings.MODEL_CHECKER_KEY,
        )
    except ModelCheckTimedOut:
        result = {"status": TIMED_OUT}
    except ModelCheckFailed as error:
        result = {"status": FAILED, "error": str(error)[:500]}
    else:
        result = {"status": DONE, **_stored(feedback)}
    result["checked_at"] = timezone.now().isoformat()
    model.objects.filter(pk=answer_id).update(model_check=result)


def _stored(feedback: Feedback) -> dict:
    return {
        "grade": feedback.suggested_grade,
        "verdicts": [
            {
                "statement": verdict.point.statement,
                "essential": verdict.point.essential,
                "covered": verdict.covered,
                "spans": [list(span) for span in verdict.spans],
            }
            for verdict in feedback.verdicts
        ],
    }


@dataclass(frozen=True)
class ModelCheckView:
    """What the page shows: a status and, when done, the feedback."""

    status: str
    feedback: Feedback | None = None

    @property
    def pending(self) -> bool:
        return self.status == QUEUED

    @property
    def grade_label(self) -> str:
        return ReviewLog.Rating(self.feedback.suggested_grade).label if self.feedback else ""


def view_for(answer, now: datetime | None = None) -> ModelCheckView | None:
    """None: never asked. The verdict is rebuilt from what was stored, so
    it stays what the model said about the key points of that day."""
    stored = answer.model_check
    if not stored:
        return None
    status = stored.get("status")
    if status == QUEUED:
        requested = datetime.fromisoformat(stored["requested_at"])
        patience = timedelta(seconds=settings.MODEL_CHECKER_SECONDS + LOST_AFTER_SECONDS)
        return ModelCheckView(FAILED if (now or timezone.now()) > requested + patience else QUEUED)
    if status != DONE:
        return ModelCheckView(status)
    verdicts = tuple(
        PointVerdict(
            point=KeyPoint(item["statement"], essential=item["essential"]),
            covered=item["covered"],
            spans=tuple((start, end) for start, end in item["spans"]),
        )
        for item in stored["verdicts"]
    )
    return ModelCheckView(DONE, Feedback(verdicts=verdicts, suggested_grade=stored["grade"], checker=CHECKER))
