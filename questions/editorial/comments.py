"""Review comments: a reviewer returns a question with words, not just a
status; the author answers by fixing and resolving them. Resolved comments
are kept (who and when), so the history tells the whole review."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import policies
from ..models import MAX_COMMENT_LENGTH, ReviewComment


def add_comment(question, user, body: str, field: str = "") -> ReviewComment:
    if not policies.can_comment(user, question):
        raise PermissionDenied
    body = body.strip()
    # TextField's max_length binds forms only; this is the path every comment takes.
    if not body or len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError(_("Write a comment of at most 2,000 characters."))
    comment = ReviewComment(question=question, author=user, body=body, field=field)
    comment.full_clean()
    comment.save()
    return comment


def resolve(comment_pk: int, question, user) -> ReviewComment:
    """Mark a comment resolved (a second resolve changes nothing)."""
    with transaction.atomic():
        comment = ReviewComment.objects.select_for_update().get(pk=comment_pk, question=question)
        if not policies.can_resolve_comment(user, comment):
            raise PermissionDenied
        if comment.resolved_at is None:
            comment.mark_resolved(user)
            comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
