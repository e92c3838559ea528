"""The personal part of the API: a candidate's own practice, read with a
personal token (`Authorization: Bearer …`, api/tokens.py). Nothing here is
cached or shared; every read is of the token owner's rows only."""

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.security import HttpBearer

from accounts import throttle
from practice.models import MATURE_STABILITY_DAYS, Bookmark, Card, ReviewDay, ReviewLog
from practice.owners import Owner
from questions.models import Question

from . import schemas
from .caching import private_json
from .paging import absolute, page_info, paginate
from .tokens import user_for_token


class PersonalToken(HttpBearer):
    """A token made on the account page; the session cookie never counts,
    so a page on another site cannot read someone's practice through their
    browser."""

    openapi_description = "A personal token from your account page"
    # Requests with a wrong token are refused before anything else, so they
    # are counted apart (the per-address limit counts after authentication):
    # past API_RATE_LIMIT a minute, an address is refused without a lookup.
    FAILURES = "api-bad-token"
    WINDOW_SECONDS = 60

    def authenticate(self, request, token):
        limit = settings.API_RATE_LIMIT
        if throttle.reached(request, self.FAILURES, limit, self.WINDOW_SECONDS):
            raise HttpError(429, "Too many requests with a wrong token; try again in a minute.")
        user = user_for_token(token)
        if user is None:
            throttle.allow_often(request, self.FAILURES, limit, self.WINDOW_SECONDS)
        return user


router = Router(tags=["personal"], auth=PersonalToken())
GET = ["GET", "HEAD"]


def _owner(request) -> Owner:
    return Owner(user_id=request.auth.pk)


def progress_of(owner: Owner) -> schemas.Progress:
    """Counts of the owner's cards of published questions (one query) and of
    their reviews (one query over the kept days)."""
    now = timezone.now()
    cards = Card.objects.owned_by(owner).of_published_questions()
    counts = cards.aggregate(
        cards=Count("pk"),
        learning=Count("pk", filter=Q(state=Card.State.LEARNING)),
        review=Count("pk", filter=Q(state=Card.State.REVIEW)),
        relearning=Count("pk", filter=Q(state=Card.State.RELEARNING)),
        mature=Count("pk", filter=Q(stability__gte=MATURE_STABILITY_DAYS)),
        due_now=Count("pk", filter=Q(due__lte=now)),
    )
    days = ReviewDay.objects.owned_by(owner).aggregate(
        total=Coalesce(Sum("reviews"), 0),
        today=Coalesce(Sum("reviews", filter=Q(day=timezone.localdate())), 0),
    )
    return schemas.Progress(**counts, reviews=days["total"], reviewed_today=days["today"])


def cards_of(owner: Owner):
    """The owner's cards of published questions, soonest due first, each
    with its question's slug and title and its count of reviews (counted
    for the page's rows only)."""
    reviews = (
        ReviewLog.objects.filter(card=OuterRef("pk"))
        .order_by()
        .values("card")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Card.objects.owned_by(owner)
        .of_published_questions()
        .select_related("question")
        .only(
            "state", "step", "stability", "difficulty", "due", "last_review", "recall_tests", "recalled",
            "question__slug", "question__title",
        )
        .annotate(review_count=Coalesce(Subquery(reviews, output_field=IntegerField()), 0))
        .order_by("due", "pk")
    )  # fmt: skip


def bookmarks_of(owner: Owner):
    return (
        Bookmark.objects.filter(**owner.columns(), question__status=Question.Status.PUBLISHED)
        .select_related("question")
        .only("created_at", "question__slug", "question__title")
        .order_by("-created_at", "-pk")
    )


@router.api_operation(GET, "/me/progress", response=schemas.Progress)
def my_progress(request):
    """Your cards by state, how many are due, and your reviews."""
    return private_json(progress_of(_owner(request)))


@router.api_operation(GET, "/me/cards", response=schemas.CardList)
def my_cards(request, paging: Query[schemas.Paging]):
    """Your cards, soonest due first."""
    found = paginate(cards_of(_owner(request)), paging.page, paging.page_size)
    return private_json(
        schemas.CardList(
            page=page_info(request, found),
            results=[
                schemas.CardItem(
                    question_slug=card.question.slug,
                    question_title=card.question.title,
                    state=Card.State(card.state).name.lower(),
                    due=card.due,
                    last_review=card.last_review,
                    stability=card.stability,
                    difficulty=card.difficulty,
                    reviews=card.review_count,
                    recall_tests=card.recall_tests,
                    recalled=card.recalled,
                )
                for card in found.object_list
            ],
        )
    )


@router.api_operation(GET, "/me/bookmarks", response=schemas.BookmarkList)
def my_bookmarks(request, paging: Query[schemas.Paging]):
    """Your bookmarked questions, newest first."""
    found = paginate(bookmarks_of(_owner(request)), paging.page, paging.page_size)
    return private_json(
        schemas.BookmarkList(
            page=page_info(request, found),
            results=[
                schemas.BookmarkItem(
                    question_slug=b.question.slug,
                    question_title=b.question.title,
                    created_at=b.created_at,
                    url=absolute(b.question.get_absolute_url()),
                )
                for b in found.object_list
            ],
        )
    )
