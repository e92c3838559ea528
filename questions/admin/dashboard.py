"""The editorial dashboard on the admin's index: an editor's drafts, each
of the person's queues (`questions.editorial.queues`), what went public
lately. Each list is one bounded query and each count one more, whatever
the size of the bank."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..editorial import queues
from ..editorial.content_queues import STRUGGLING
from ..models import Question
from .practice_queue import attach_figures
from .queues import QUEUE_PARAMETER

SHOWN_PER_LIST = 8


@dataclass
class Section:
    key: str
    title: str
    empty: str
    count: int
    questions: list
    more_url: str = ""


def _section(key, title, empty, questions: QuerySet, filters=None, count=None) -> Section:
    """`questions` in the order to show them (`count`: if already known)."""
    shown = list(
        questions.select_related("category").only(
            "pk", "title", "status", "updated_at", "published_at", "category__name", "category__slug"
        )[:SHOWN_PER_LIST]
    )
    # A short list is its own count; only a full one needs counting.
    if count is None:
        count = len(shown) if len(shown) < SHOWN_PER_LIST else questions.order_by().count()
    more_url = ""
    if filters is not None:
        more_url = reverse("admin:questions_question_changelist") + "?" + urlencode(filters)
    return Section(key, title, empty, count, shown, more_url)


def editorial_dashboard(user, queue_counts: dict[str, int] | None = None) -> list[Section]:
    """The sections `user`'s roles call for (none for staff without a role);
    `queue_counts`: the queues' counts, as the header read them."""
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
    for queue in queues.queues_for(user):
        sections.append(
            _section(
                queue.key,
                queue.title,
                queue.empty,
                queue.questions(user).order_by(*queue.ordering),
                {QUEUE_PARAMETER: queue.key},
                (queue_counts or {}).get(queue.key),
            )
        )
        if queue.key == STRUGGLING:
            attach_figures(sections[-1].questions)
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
