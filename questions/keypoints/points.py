"""The value types of key points and feedback, shared by every checker."""

from dataclasses import dataclass

# The grades of practice (FSRS's ratings): a suggested grade is one of these.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class KeyPoint:
    """One point a strong answer covers.

    `phrasings` are the words that count as covering it besides the statement
    itself (synonyms, English and Chinese); `essential` points weigh more in
    the suggested grade.
    """

    statement: str
    phrasings: tuple[str, ...] = ()
    essential: bool = False


@dataclass(frozen=True)
class PointVerdict:
    """Whether a typed answer covers one point, and where.

    `spans` are (start, end) character offsets into the candidate's text as
    typed, so the page can highlight the candidate's own words.
    """

    point: KeyPoint
    covered: bool
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Feedback:
    """A checker's verdict on a typed answer: one verdict per key point, in order.

    `checker` names who judged ("phrasings" for the deterministic checker,
    "model" for the language model) so the page can say so.
    """

    verdicts: tuple[PointVerdict, ...]
    suggested_grade: int
    checker: str

    @property
    def covered(self) -> int:
        return sum(verdict.covered for verdict in self.verdicts)
