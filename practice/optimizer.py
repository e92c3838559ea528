"""Personal FSRS parameters, optimised from a candidate's own review log by
FSRS's reference optimizer (fsrs-rs, through fsrs-rs-python: Rust, no
PyTorch). Run as a background job (practice/tasks.py): a long log takes
seconds of CPU.

A card's history becomes FSRS training items the way fsrs-rs's own examples
do: its grades with the whole days between them (in the active time zone),
one item per review that came a day or more after the previous one, holding
the history up to it. The log loss of the default and of the new parameters
is measured on the same items; the new ones are kept only if they do better.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import fsrs
import fsrs_rs_python as fsrs_rs
from django.utils import timezone

from .models import ReviewLog
from .owners import Owner

# Below this many reviews the optimizer has too little to learn from (FSRS's
# own tools ask for a few hundred); above MAX_REVIEWS only the latest count.
MIN_REVIEWS = 400
MAX_REVIEWS = 200_000
DEFAULT_PARAMETERS = tuple(fsrs.Scheduler().parameters)


class NotEnoughReviews(Exception):
    pass


@dataclass(frozen=True)
class Optimised:
    parameters: tuple[float, ...]  # the new ones, or the defaults if those did better
    log_loss_before: float
    log_loss_after: float
    reviews: int
    items: int

    @property
    def improved(self) -> bool:
        return self.log_loss_after < self.log_loss_before


def histories(owner: Owner, limit: int = MAX_REVIEWS) -> dict[int, list[tuple[date, int]]]:
    """Each card's (local day, rating) of the owner's latest `limit` grades,
    in time order."""
    rows = (
        ReviewLog.objects.owned_by(owner)
        .order_by("-reviewed_at", "-pk")
        .values_list("card_id", "reviewed_at", "rating")[:limit]
    )
    by_card: dict[int, list[tuple[datetime, int]]] = {}
    for card_id, moment, rating in rows:
        by_card.setdefault(card_id, []).append((moment, rating))
    return {
        card_id: [(timezone.localdate(moment), rating) for moment, rating in sorted(grades)]
        for card_id, grades in by_card.items()
    }


def training_items(history: Iterable[list[tuple[date, int]]]) -> list:
    items = []
    for grades in history:
        reviews = []
        last_day = grades[0][0] if grades else None
        for day, rating in grades:
            delta = (day - last_day).days
            reviews.append(fsrs_rs.FSRSReview(rating, delta))
            if delta > 0:
                items.append(fsrs_rs.FSRSItem(list(reviews)))
            last_day = day
    return items


def optimise(history: dict[int, list[tuple[date, int]]]) -> Optimised:
    reviews = sum(len(grades) for grades in history.values())
    if reviews < MIN_REVIEWS:
        raise NotEnoughReviews(reviews)
    items = training_items(history.values())
    if not items:
        raise NotEnoughReviews(reviews)
    before = fsrs_rs.FSRS(list(DEFAULT_PARAMETERS)).evaluate(items).log_loss
    found = tuple(fsrs_rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items))
    after = fsrs_rs.FSRS(list(found)).evaluate(items).log_loss
    if after >= before or not usable(found):
        return Optimised(DEFAULT_PARAMETERS, before, before, reviews, len(items))
    return Optimised(found, before, after, reviews, len(items))


def usable(parameters: tuple[float, ...]) -> bool:
    """Whether the scheduler (the `fsrs` package) accepts these parameters."""
    try:
        fsrs.Scheduler(parameters=parameters)
    except (ValueError, TypeError):
        return False
    return True
