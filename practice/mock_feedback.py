"""Key-point feedback on a mock interview's answers, and what to review next.

Each answer is checked by the deterministic checker
(`questions.keypoints.check.check_answer`) against its question's key points
as they are now, when the page is shown: nothing is stored, so an editor's
better phrasings help past interviews too. The checker reads at most 10,000
characters against at most its cap of points (p95 ≤ 20 ms, `make
bench-practice`), and an interview has at most 50 questions."""

from dataclasses import dataclass, field

from questions.keypoints.check import check_answer
from questions.keypoints.points import Feedback, KeyPoint

from .model_checks import ModelCheckView, can_ask, view_for
from .models import MockAnswer

# Again and Hard: the grades that say "review this".
WEAK_RATING = 2


@dataclass
class AnswerFeedback:
    answer: MockAnswer
    feedback: Feedback | None  # None: the question has no key points
    missed: list[KeyPoint] = field(default_factory=list)
    # The language model's check: asked (its state), or whether it can be.
    model: ModelCheckView | None = None
    can_ask_model: bool = False

    @property
    def missed_essential(self) -> list[KeyPoint]:
        return [point for point in self.missed if point.essential]


def feedback_for(answer: MockAnswer) -> AnswerFeedback:
    """The answer checked against its question's key points."""
    points = answer.question.parsed_key_points()
    if not points or answer.submitted_at is None:
        return AnswerFeedback(answer, None)
    feedback = check_answer(points, answer.text)
    missed = [verdict.point for verdict in feedback.verdicts if not verdict.covered]
    return AnswerFeedback(answer, feedback, missed, model=view_for(answer), can_ask_model=can_ask(answer))


def review_next(checked: list[AnswerFeedback]) -> list[AnswerFeedback]:
    """The questions to review next, most urgent first: those graded Again
    or Hard, or whose answer missed an essential point, or that timed out;
    ordered by missed essential points, then the grade, then how much was
    missed."""
    weak = [
        item
        for item in checked
        if (item.answer.rating is not None and item.answer.rating <= WEAK_RATING)
        or item.missed_essential
        or item.answer.timed_out
    ]
    return sorted(
        weak,
        key=lambda item: (
            -len(item.missed_essential),
            item.answer.rating or 0,
            -len(item.missed),
            item.answer.position,
        ),
    )
