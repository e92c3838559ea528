"""The editorial workflow: draft → in review → published → archived.

Each transition names the statuses it leaves and the one it reaches; who may
take it is the rule book's business (`policies.can_take_transition`). The
admin's buttons and bulk actions both go through `apply_transition`, which
locks the row, checks, saves (creating a revision) and returns the question.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..models import MAX_REASON_LENGTH, Question
from .comments import add_comment

Status = Question.Status


class TransitionRefused(Exception):
    pass


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise  # lazily translated
    sources: frozenset
    target: str

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", _("Submit for review"), frozenset({Status.DRAFT}), Status.REVIEW),
        Transition("publish", _("Publish"), frozenset({Status.REVIEW}), Status.PUBLISHED),
        Transition("send_back", _("Send back to draft"), frozenset({Status.REVIEW}), Status.DRAFT),
        Transition("unpublish", _("Unpublish"), frozenset({Status.PUBLISHED}), Status.DRAFT),
        Transition(
            "archive",
            _("Archive"),
            frozenset({Status.DRAFT, Status.REVIEW, Status.PUBLISHED}),
            Status.ARCHIVED,
        ),
        Transition("restore", _("Restore to draft"), frozenset({Status.ARCHIVED}), Status.DRAFT),
    ]
}


def available_transitions(question: Question, user) -> list[Transition]:
    """What `user` may do with `question` now (for the change form's buttons)."""
    return [t for t in TRANSITIONS.values() if _refusal(t, question, user) is None]


def _refusal(transition: Transition, question: Question, user) -> str | Promise | None:
    if not policies.can_take_transition(user, None, transition):
        return _("You do not have permission to do that.")
    if not transition.allowed_from(question.status):
        return _("“%(title)s” is %(status)s; “%(action)s” is not possible from there.") % {
            "title": question.title,
            "status": question.get_status_display().lower(),
            "action": transition.label,
        }
    # The role allows it, the status too: what is left is about this question
    # and this person, the four-eyes rule of publishing.
    if not policies.can_take_transition(user, question, transition):
        return _("“%(title)s” was submitted by you; another person has to review and publish it.") % {
            "title": question.title
        }
    return None


# Transitions whose revision must say why: asking for review (what the
# reviewer should look at).
REASON_REQUIRED = frozenset({"submit"})


def apply_transition(
    question_pk: int,
    name: str,
    user,
    expected_version: int | None = None,
    *,
    reason: str = "",
    comment: tuple[str, str] | None = None,
) -> Question:
    """Take transition `name`. With `expected_version` (the version the user
    was looking at), refuse if the question changed since: a publisher must
    not publish text they have not read. `reason` is kept with the revision;
    `comment` ((field, text)) is a review comment left in the same step,
    e.g. when sending a question back."""
    transition = TRANSITIONS[name]
    reason = reason.strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question_pk)
        if expected_version is not None and question.version != expected_version:
            raise TransitionRefused(
                _("“%(title)s” has changed since you opened it; read the new version, then try again.")
                % {"title": question.title}
            )
        refusal = _refusal(transition, question, user)
        if refusal:
            raise TransitionRefused(refusal)
        if name in REASON_REQUIRED and not reason:
            raise TransitionRefused(
                _("Say why (a short note for the reviewer) before submitting for review.")
            )
        now = timezone.now()
        question.status = transition.target
        if name == "submit":
            question.submitted_by = user
        if name in {"publish", "send_back"}:
            question.reviewed_by = user
            question.last_reviewed_at = now
        # published_at is set by Question.save() on first publication, on
        # every path (transitions, imports, superusers' edits).
        label = str(transition.label)
        question._change_reason = f"{label}: {reason}"[:MAX_REASON_LENGTH] if reason else label
        question._history_user = user
        question.save()
        if comment is not None:
            field, text = comment
            add_comment(question, user, text, field)
    return question
