"""How candidates' typed answers fare against a question's key points, as
anonymous counts for editors: how many answers, from how many candidates,
how many points they covered on average. Never a text, never a name.

The answers are practice's (personal data, which `questions` never
imports); practice registers the counting in its AppConfig.ready():

    from questions.keypoints import usage
    usage.register(answer_counts=anonymous_counts)  # question → AnswerCounts
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerCounts:
    answers: int
    candidates: int
    covered: float  # key points covered, on average
    points: float  # key points there were, on average


_counters: list[Callable[[object], AnswerCounts]] = []


def register(*, answer_counts: Callable[[object], AnswerCounts]) -> None:
    """Set the counting (replacing any, so a reload is harmless)."""
    _counters[:] = [answer_counts]


def unregister() -> None:
    _counters.clear()


def answer_counts(question) -> AnswerCounts | None:
    """The counts for `question`, or None when no app keeps typed answers."""
    return _counters[0](question) if _counters else None
