"""The editorial dashboard on the admin's index: an editor's drafts and the
drafts returned to them, a publisher's review queue, the questions
candidates struggle with (practice_queue.py), a publisher's questions due
for re-verification (verification.py), what went public lately. Each list is one bounded query and each count one more, whatever
the size of the bank."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..editorial.verification import due_for_reverification
from ..models import Question
from . import practice_queue, verification

SHOWN_PER_LIST = 8


@dataclass
class Section:
    key: str
    title: str
    empty: str
    count: int
    questions: list
    more_url: str = ""


def _section(key, title, empty, questions: QuerySet, filters=None) -> Section:
    """`questions` in the order to show them."""
    shown = list(
        questions.select_related("category").only(
            "pk", "title", "status", "updated_at", "published_at", "category__name", "category__slug"
        )[:SHOWN_PER_LIST]
    )
    # A short list is its own count; only a full one needs counting.
    count = len(shown) if len(shown) < SHOWN_PER_LIST else questions.order_by().count()
    more_url = ""
    if filters is not None:
        more_url = reverse("admin:questions_question_changelist") + "?" + urlencode(filters)
    return Section(key, title, empty, count, shown, more_url)


def editorial_dashboard(user) -> list[Section]:
    """The sections `user`'s roles call for (none for staff without a role)."""
    if not policies.sees_editorial_dashboard(user):
        return []
    questions = Question.objects.all()
    sections = []
    if policies.can_add_question(user) or policies.can_edit_question(user):
        sections.append(
            _section(
                "drafts",
                _("My drafts"),
                _("You have no drafts."),
                questions.drafts_by(user).order_by("-updated_at", "-pk"),
                {"status__exact": Question.Status.DRAFT, "author__id__exact": user.pk},
            )
        )
    if policies.can_submit(user):
        sections.append(
            _section(
                "returned",
                _("Returned to me"),
                _("Nothing you submitted was sent back."),
                questions.returned_to(user).order_by("-last_reviewed_at", "-pk"),
            )
        )
    if policies.can_review(user):
        sections.append(
            _section(
                "review",
                _("Awaiting my review"),
                _("No question by someone else is waiting for review."),
                questions.awaiting_review_by(user).order_by("-updated_at", "-pk"),
                {"status__exact": Question.Status.REVIEW},
            )
        )
    if policies.can_verify(user):
        sections.append(
            _section(
                "reverify",
                _("Due for re-verification"),
                _("Every published question was verified recently."),
                due_for_reverification().order_by("last_checked", "pk"),
                verification.changelist_query(),
            )
        )
    # Everyone on the dashboard: an editor rewrites the answer, a publisher
    # sends it back or unpublishes it.
    shown, count = practice_queue.struggling_rows(SHOWN_PER_LIST)
    sections.append(
        Section(
            "struggling",
            _("Candidates struggle here"),
            _("No question stands out in candidates' practice."),
            count,
            shown,
            reverse("admin:questions_question_changelist")
            + "?"
            + urlencode(practice_queue.changelist_query()),
        )
    )
    sections.append(
        _section(
            "published",
            _("Recently published"),
            _("Nothing has been published yet."),
            questions.recently_published(),
            {"status__exact": Question.Status.PUBLISHED},
        )
    )
    return sections
