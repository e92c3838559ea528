"""The queues the content itself fills, beside the people's own
(queues.py): questions candidates struggle with (practice's signals,
PracticeSignal) for everyone with a role, and questions due for
re-verification (verification.py) for publishers. Registered from the
app's ready(), after the built-in queues."""

from django.utils.translation import gettext_lazy as _

from .. import policies
from .queues import Queue, register
from .verification import due_for_reverification

STRUGGLING = "struggling"
REVERIFY = "reverify"


def register_content_queues() -> None:
    register(
        Queue(
            REVERIFY,
            _("Due for re-verification"),
            _("Every published question was verified recently."),
            policies.can_verify,
            lambda questions, user: due_for_reverification(questions),
            ("last_checked", "pk"),
        )
    )
    register(
        Queue(
            STRUGGLING,
            _("Candidates struggle here"),
            _("No question stands out in candidates' practice."),
            # Everyone on the dashboard: an editor rewrites the answer, a
            # publisher sends it back or unpublishes it.
            policies.sees_editorial_dashboard,
            lambda questions, user: questions.struggling(),
            ("-practice_signal__again", "pk"),
        )
    )
