"""One queue per person: the questions waiting for what `user` does —
their drafts sent back, what waits for their review, open comments on
their work, candidates' reports. The dashboard, the changelist's "My
queues" filter and the counts in the admin's navigation all read the same
`Queue.questions(user)`, so a count always equals its filtered list.

Other modules add queues with `register()` from their app's `ready()`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Func, IntegerField, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..models import Question, QuestionQuerySet


@dataclass(frozen=True)
class Queue:
    key: str  # the changelist's `?queue=` value, the dashboard section's id
    title: str | Promise
    empty: str | Promise  # what the dashboard says when nothing waits
    applies_to: Callable[[object], bool]  # a rule book question: does `user` work this queue?
    select: Callable[[QuestionQuerySet, object], QuerySet]  # (questions, user) -> those waiting
    ordering: tuple[str, ...] = ("-updated_at", "-pk")

    def questions(self, user, questions: QuestionQuerySet | None = None) -> QuerySet:
        return self.select(Question.objects.all() if questions is None else questions, user)


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> Queue:
    """Add a queue (after those registered before it); a key is registered once."""
    if queue.key in _QUEUES and _QUEUES[queue.key] != queue:
        raise ValueError(f"a queue named {queue.key!r} is already registered")
    _QUEUES[queue.key] = queue
    return queue


def queues_for(user) -> list[Queue]:
    """The queues `user`'s roles give them, in registration order."""
    if not policies.sees_editorial_dashboard(user):
        return []
    return [queue for queue in _QUEUES.values() if queue.applies_to(user)]


def queue_for(user, key: str) -> Queue | None:
    return next((queue for queue in queues_for(user) if queue.key == key), None)


def counts_for(user) -> dict[str, int]:
    """Every queue's count for `user` in one query (the admin's navigation
    shows them on each page): a scalar subquery per queue, each counting only
    its own rows through its indexes, rather than a pass over the bank."""
    queues = queues_for(user)
    if not queues:
        return {}
    # Named apart from the model's fields (`reports` is a relation).
    counts = {f"queue_{queue.key}": Subquery(_counted(queue.questions(user))) for queue in queues}
    row = next(iter(Question.objects.order_by().annotate(**counts).values(*counts)[:1]), None)
    # An empty bank has no row to carry them, and nothing waits.
    return {queue.key: row[f"queue_{queue.key}"] if row else 0 for queue in queues}


def _counted(questions: QuerySet) -> QuerySet:
    # COUNT(*) as a plain function, not an aggregate, so that no GROUP BY is added.
    return questions.order_by().annotate(n=Func(template="COUNT(*)", output_field=IntegerField())).values("n")


def _writes(user) -> bool:
    return policies.can_submit(user) or policies.can_add_question(user)


register(
    Queue(
        "returned",
        _("Returned to me"),
        _("Nothing you submitted was sent back."),
        policies.can_submit,
        lambda questions, user: questions.returned_to(user),
        ("-last_reviewed_at", "-pk"),
    )
)
register(
    Queue(
        "review",
        _("Awaiting my review"),
        _("Nothing by someone else is waiting for review."),
        policies.can_review,
        lambda questions, user: questions.awaiting_review_by(user),
    )
)
register(
    Queue(
        "comments",
        _("Open comments on my questions"),
        _("No open review comment on your questions."),
        _writes,
        lambda questions, user: questions.with_open_comments_on_work_of(user),
    )
)
register(
    Queue(
        "reports",
        _("Candidates' reports"),
        _("No open report from candidates."),
        lambda user: _writes(user) or policies.works_all_reports(user),
        lambda questions, user: questions.with_open_reports(
            author=None if policies.works_all_reports(user) else user
        ),
    )
)
