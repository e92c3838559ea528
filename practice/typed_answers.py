"""Answer first: the candidate types an answer, then reveals the model answer
and sees which key points they covered (questions.keypoints.check). The
suggested grade is only shown on the grade buttons: the candidate grades.

Typed answers are kept as the candidate's own rows (`TypedAnswer`, an
account's or a guest's, moved on sign-up like the rest of practice), the
newest `KEPT_PER_QUESTION` per question: enough to look back, bounded
whatever a script posts.
"""

from django.db.models import Avg, Count
from django.utils import timezone

from questions.keypoints.check import check_answer
from questions.keypoints.points import Feedback
from questions.keypoints.usage import AnswerCounts

from .models import TypedAnswer
from .owners import Owner

# The session key of the answer-first toggle (a guest's and an account's alike).
ANSWER_FIRST_SESSION_KEY = "practice_answer_first"
KEPT_PER_QUESTION = 10


def answer_first_on(session) -> bool:
    return bool(session.get(ANSWER_FIRST_SESSION_KEY))


def set_answer_first(session, on: bool) -> None:
    session[ANSWER_FIRST_SESSION_KEY] = on


def keep_typed_answer(owner: Owner, question, text: str) -> TypedAnswer:
    """Store `text` as `owner`'s answer to `question`, with the checker's
    counts, and forget their answers to it beyond the newest few."""
    feedback = check_answer(question.parsed_key_points(), text)
    typed = TypedAnswer.objects.create(
        question=question,
        text=text,
        covered=feedback.covered,
        points=len(feedback.verdicts),
        suggested_grade=feedback.suggested_grade if feedback.verdicts else None,
        point_verdicts=point_verdicts(feedback),
        created_at=timezone.now(),
        **owner.columns(),
    )
    older = (
        TypedAnswer.objects.owned_by(owner)
        .filter(question=question)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[KEPT_PER_QUESTION:]
    )
    TypedAnswer.objects.filter(pk__in=list(older)).delete()
    return typed


def point_verdicts(feedback: Feedback) -> dict[str, bool]:
    """Each point's statement → whether the answer covered it. A statement
    written twice counts as covered if either is."""
    verdicts: dict[str, bool] = {}
    for verdict in feedback.verdicts:
        statement = verdict.point.statement
        verdicts[statement] = verdicts.get(statement, False) or verdict.covered
    return verdicts


def typed_answer_for(owner: Owner | None, question, pk) -> TypedAnswer | None:
    """`owner`'s typed answer `pk` to `question`, or None (another person's
    id, another question's, or nonsense, alike)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return TypedAnswer.objects.owned_by(owner).filter(pk=pk, question=question).first()


def feedback_on(typed: TypedAnswer, question) -> Feedback:
    """The feedback shown: recomputed from the text, against the key points as they are now."""
    return check_answer(question.parsed_key_points(), typed.text)


def anonymous_counts(question) -> AnswerCounts:
    """What editors may know of the typed answers to `question`: counts
    only (one aggregate query), never a text or an owner."""
    totals = TypedAnswer.objects.filter(question=question).aggregate(
        answers=Count("pk"),
        users=Count("user", distinct=True),
        guests=Count("guest_key", distinct=True),
        covered=Avg("covered"),
        points=Avg("points"),
    )
    return AnswerCounts(
        answers=totals["answers"],
        candidates=totals["users"] + totals["guests"],
        covered=float(totals["covered"] or 0),
        points=float(totals["points"] or 0),
    )
