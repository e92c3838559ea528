"""A custom study session: questions chosen by category, tag and difficulty,
in reading order or lowest recall first, looked at outside the schedule.
Nothing here writes: no card, log or day count moves, so extra study never
shifts when FSRS brings a card back."""

from dataclasses import dataclass
from datetime import datetime

import fsrs
from django.db.models.expressions import RawSQL

from questions.models import Question

from .models import Card
from .owners import Owner
from .queue import READING_KEY, Filters
from .scheduling import scheduler, to_fsrs

# A session goes through at most this many questions (a position past it is
# the end): the position is in the URL, and an OFFSET grows with it.
SESSION_SIZE = 200


@dataclass
class Item:
    question: Question
    position: int
    total: int
    recall: float | None  # FSRS's probability of recall now, for a seen card

    @property
    def recall_percent(self) -> int | None:
        return None if self.recall is None else round(100 * self.recall)


def _forgetting_first(cards, now: datetime):
    # FSRS's retrievability falls as elapsed time / stability grows (for any
    # parameters), so ordering by that ratio is ordering by recall, in SQL.
    table = Card._meta.db_table
    ratio = RawSQL(
        f'EXTRACT(EPOCH FROM (%s - "{table}"."last_review")) / GREATEST("{table}"."stability", 0.001)', [now]
    )
    return (
        cards.filter(stability__isnull=False, last_review__isnull=False)
        .annotate(forgetting=ratio)
        .order_by("-forgetting", "pk")
    )


def item_at(owner: Owner | None, filters: Filters, *, lowest_recall: bool, position: int, now: datetime):
    """The session's question at `position` (from 0), or None past its end."""
    if position >= SESSION_SIZE:
        return None
    if lowest_recall:
        cards = _forgetting_first(filters.cards(owner), now).select_related("question__category")
        total = cards[:SESSION_SIZE].count()
        card = cards[position : position + 1].first()
        if card is None:
            return None
        recall = scheduler().get_card_retrievability(to_fsrs(card), current_datetime=now)
        return Item(card.question, position, total, recall)
    questions = filters.questions().select_related("category").order_by(*READING_KEY)
    total = questions[:SESSION_SIZE].count()
    question = questions[position : position + 1].first()
    if question is None:
        return None
    card = Card.objects.owned_by(owner).filter(question=question).first()
    recall = None
    if card is not None and card.state != fsrs.State.Learning and card.last_review:
        recall = scheduler().get_card_retrievability(to_fsrs(card), current_datetime=now)
    return Item(question, position, total, recall)
