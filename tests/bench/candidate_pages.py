"""The signed-in candidate's own pages for `make bench-http` (in-process only).

A candidate with a realistic history — CARDS cards on the first published
questions in reading order, LOGS review logs over the last year (about one
card in twenty due now), BOOKMARKS bookmarks and NOTES notes — is loaded by
COPY (bench/practice_bench.py's loader), with a second learner holding the
same cards, none due, whose practice page must find the next *new* question
past everything seen. Each page is timed through Django's whole stack as
that user: private pages, never shared or cached, so "cold" (the cache
emptied before each request) and "warm" differ only by what the framework
itself keeps.
"""

from tests.bench.practice_bench import _load_history
from tests.bench.timing import cold_and_warm

CARDS = 2_000
LOGS = 20_000
BOOKMARKS = 300
NOTES = 60

PAGES = (
    "practice page, a due card",
    "practice page, next new card",
    "progress page",
    "bookmarks page",
    "question page, signed in",
    "account page",
)


def load():
    """The two learners afresh (the bank has grown since the last size)."""
    from accounts.models import User

    User.objects.filter(username__in=("candidate", "newcomer")).delete()
    _load_history(CARDS, LOGS)
    candidate = User.objects.get(username="candidate")
    _bookmarks_and_notes(candidate)


def _bookmarks_and_notes(candidate):
    """Bookmarks on some of the candidate's cards, notes on a fifth of those
    and on as many questions not bookmarked."""
    from django.utils import timezone

    from practice.models import Bookmark, Card, Note

    seen = list(Card.objects.filter(user=candidate).order_by("pk").values_list("question_id", flat=True))
    marked = seen[:BOOKMARKS]
    now = timezone.now()
    Bookmark.objects.bulk_create(Bookmark(user=candidate, question_id=pk) for pk in marked)
    noted = marked[: NOTES // 2] + seen[BOOKMARKS : BOOKMARKS + NOTES // 2]
    Note.objects.bulk_create(
        Note(user=candidate, question_id=pk, text="Remember the trade-off.\n\n- one\n- two", updated_at=now)
        for pk in noted
    )


def _requests():
    """Each page's client (signed in as its learner) and URL."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from practice.models import Bookmark, Card, Note
    from questions.models import Question

    clients = {}
    for username in ("candidate", "newcomer"):
        clients[username] = Client(headers={"accept-language": "zh-hans"})
        clients[username].force_login(User.objects.get(username=username))
    candidate = User.objects.get(username="candidate")
    assert Card.objects.filter(user=candidate, due__lte=timezone.now()).exists()
    # A question with everything on it: a card, a bookmark and a note.
    question = Question.objects.get(
        pk=Note.objects.filter(
            user=candidate, question__in=Bookmark.objects.filter(user=candidate).values("question")
        )
        .order_by("pk")
        .values("question")[:1]
    )
    return {
        "practice page, a due card": (clients["candidate"], reverse("practice:home")),
        "practice page, next new card": (clients["newcomer"], reverse("practice:home")),
        "progress page": (clients["candidate"], reverse("practice:progress")),
        "bookmarks page": (clients["candidate"], reverse("practice:bookmarks")),
        "question page, signed in": (clients["candidate"], question.get_absolute_url()),
        "account page": (clients["candidate"], reverse("accounts:account")),
    }


def measure(samples, log) -> dict:
    """page → (cold ms, SQL cold ms, warm ms, queries), medians of `samples`."""
    from django.db import connection

    results = {}
    for name, (client, url) in _requests().items():
        client.get(url)  # the session's first read, the connection's first use of each statement
        results[name] = cold_and_warm(client, connection, url, samples, check=_never_shared)
        log(
            f"  in-process {name}: cold {results[name][0]:.1f} ms (SQL {results[name][1]:.1f}, "
            f"{results[name][3]} queries), warm {results[name][2]:.1f} ms"
        )
    return results


def _never_shared(response):
    assert "public" not in response.get("Cache-Control", ""), response.wsgi_request.path
