"""Acknowledging a quality check on one question, with a reason, so that the
finding leaves the "needs attention" filter; and withdrawing it. The rule is
`policies.can_acknowledge_check`; the command line (SYSTEM) acknowledges the
seed's findings, unsigned."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies
from ..models import MAX_ACKNOWLEDGEMENT_REASON, QualityAcknowledgement
from ..quality.checks import ISSUE_LABELS


def acknowledge(question, user, issue: str, reason: str) -> QualityAcknowledgement:
    """Acknowledges `issue` on `question` (again: the newer reason replaces
    the older). The check need not be finding it now: a seed acknowledges
    what the article is known to hold before the checks run."""
    if not policies.can_acknowledge_check(user, question):
        raise PermissionDenied
    reason = " ".join(reason.split())
    if issue not in ISSUE_LABELS:
        raise ValidationError(_("Unknown quality check."))
    if not reason or len(reason) > MAX_ACKNOWLEDGEMENT_REASON:
        raise ValidationError(_("Give a reason of at most 300 characters."))
    by = None if user is policies.SYSTEM else user
    acknowledgement, _created = QualityAcknowledgement.objects.update_or_create(
        question=question,
        issue=issue,
        defaults={
            "reason": reason,
            "acknowledged_by": by,
            "acknowledged_at": timezone.now(),
            "withdrawn_at": None,
        },
    )
    return acknowledgement


def withdraw(question, user, issue: str) -> None:
    if not policies.can_acknowledge_check(user, question):
        raise PermissionDenied
    QualityAcknowledgement.objects.standing().filter(question=question, issue=issue).update(
        withdrawn_at=timezone.now()
    )


def acknowledgements_of(question) -> dict[str, QualityAcknowledgement]:
    """The standing acknowledgements of `question`, by kind."""
    return {
        a.issue: a for a in question.quality_acknowledgements.standing().select_related("acknowledged_by")
    }


def acknowledge_seed(question, issue: str, reason: str) -> bool:
    """The seed's acknowledgement, unless the question ever had one of that
    kind (an editor's own, or one an editor withdrew, is never undone)."""
    if QualityAcknowledgement.objects.filter(question=question, issue=issue).exists():
        return False
    acknowledge(question, policies.SYSTEM, issue, reason)
    return True
