"""The daily digest of a person's queues, by e-mail, for those who ask for
it: what waits in each queue, with the first few titles. Nothing is sent
when nothing waits. The job (`questions.tasks.digest`) calls `digests()`."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from .. import policies
from ..models import QueueDigestSubscription
from . import queues

TITLES_PER_QUEUE = 5


@dataclass
class DigestLine:
    queue: queues.Queue
    count: int
    titles: list[str]


def is_subscribed(user) -> bool:
    return QueueDigestSubscription.objects.filter(user=user).exists()


def set_subscribed(user, subscribed: bool) -> None:
    """Opt in or out (for oneself: the admin's index offers it to whoever has
    queues)."""
    if subscribed and policies.sees_editorial_dashboard(user):
        QueueDigestSubscription.objects.get_or_create(user=user)
    else:
        QueueDigestSubscription.objects.filter(user=user).delete()


def digest_for(user) -> list[DigestLine]:
    """The non-empty queues of `user`, each with its count and first titles."""
    counts = queues.counts_for(user)
    lines = []
    for queue in queues.queues_for(user):
        if counts[queue.key]:
            waiting = queue.questions(user).order_by(*queue.ordering).values_list("title", flat=True)
            lines.append(DigestLine(queue, counts[queue.key], list(waiting[:TITLES_PER_QUEUE])))
    return lines


def digests() -> Iterator[tuple[object, list[DigestLine]]]:
    """(user, lines) for every active subscriber with an address and
    something waiting; marks each as sent."""
    subscriptions = (
        QueueDigestSubscription.objects.select_related("user")
        .filter(user__is_active=True)
        .exclude(user__email="")
    )
    for subscription in subscriptions.order_by("pk").iterator(chunk_size=200):
        lines = digest_for(subscription.user)
        if lines:
            yield subscription.user, lines
            QueueDigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())


def export_subscription(user) -> dict:
    """For the personal-data export (registered in `QuestionsConfig.ready()`)."""
    subscription = QueueDigestSubscription.objects.filter(user=user).first()
    if subscription is None:
        return {"subscribed": False}
    sent = subscription.last_sent_at
    return {
        "subscribed": True,
        "subscribed_at": subscription.subscribed_at.isoformat(),
        "last_sent_at": sent.isoformat() if sent else None,
    }
