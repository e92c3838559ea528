"""The person's queues in the admin: a changelist filter per queue (the
dashboard's "All N" links lead to it) and the counts shown in the
navigation of every admin page."""

from django.contrib import admin
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from ..editorial import queues

QUEUE_PARAMETER = "queue"


class QueueFilter(admin.SimpleListFilter):
    """Exactly the questions of one of the user's queues, so the list and
    the dashboard's count agree."""

    title = _("my queues")
    parameter_name = QUEUE_PARAMETER

    def lookups(self, request, model_admin):
        return [(queue.key, queue.title) for queue in queues.queues_for(request.user)]

    def queryset(self, request, queryset):
        queue = queues.queue_for(request.user, self.value() or "")
        if queue is None:
            return queryset
        return queue.questions(request.user, queryset)


def counts_for_request(request) -> dict[str, int]:
    """The user's queue counts, read once per request (the header and the
    dashboard both show them)."""
    if not hasattr(request, "_queue_counts"):
        request._queue_counts = queues.counts_for(request.user)
    return request._queue_counts


def navigation_context(request) -> dict:
    """`my_queues` for the admin's header: (queue, count) pairs, counted in one
    query and only if a page shows them (a JSON endpoint or a redirect never
    reads them)."""

    def read():
        counts = counts_for_request(request)
        return [(queue, counts[queue.key]) for queue in queues.queues_for(request.user)]

    return {"my_queues": SimpleLazyObject(read)}
