"""Pending revisions of published questions: write, approve, discard.

The public keeps reading the live question while an editor's next text waits
in a `PendingRevision`. Every step locks the question row first (then the
pending row), so two people acting at once are serialised, and each checks
the version its author was looking at: nothing is approved unread and no
edit silently overwrites another.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies
from ..models import MAX_REASON_LENGTH, PendingRevision, Question, Tag
from ..models.pending import PENDING_HISTORY
from . import revisions
from .revisions import one_revision


class RevisionRefused(Exception):
    """The step cannot be taken; the message says why, for the user."""


class PendingConflict(RevisionRefused):
    """Someone changed the live question or the pending revision since the
    form was opened."""


def revision_to_edit(question, user) -> PendingRevision:
    """The open pending revision of `question`, or a new unsaved one holding
    the live text (what the change form of a published question shows)."""
    return PendingRevision.objects.for_question(question) or PendingRevision.from_live(question, user)


def tags_to_edit(question, pending) -> list:
    return list(pending.tags.all()) if pending.pk else list(question.tags.all())


def save_pending(question_pk, user, values: dict, tags, *, version: int, base_version: int, reason: str):
    """Write `values` (PendingRevision.CONTENT_FIELDS) and `tags` as the
    pending revision of the question. `version` is the pending revision's
    version the form was opened at (0: there was none), `base_version` the
    live question's."""
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question_pk)
        if not policies.can_propose_revision(user, question):
            raise RevisionRefused(
                _("“%(title)s” is no longer published: edit it directly.") % {"title": question.title}
            )
        if question.version != base_version:
            raise PendingConflict(
                _("The live question changed since you opened it; read it again before saving your revision.")
            )
        pending = PendingRevision.objects.select_for_update().filter(question=question).first()
        if pending is None and version:
            raise PendingConflict(
                _("The pending revision you were editing was approved or discarded meanwhile.")
            )
        if pending is not None and pending.version != version:
            raise PendingConflict(_("Someone saved the pending revision meanwhile; read it again first."))
        if pending is None:
            pending = PendingRevision(question=question, base_version=question.version)
        for name in PendingRevision.CONTENT_FIELDS:
            setattr(pending, name, values[name])
        pending.author = user
        pending.reason = reason
        # One history record holding the text and the tags.
        pending.skip_history_when_saving = True
        try:
            pending.save()
            pending.tags.set(tags)
            pending.writers.add(user)
        finally:
            del pending.skip_history_when_saving
        pending._change_reason = reason
        pending._history_user = user
        PENDING_HISTORY.create_historical_record(pending, "~" if version else "+")
    return pending


def _locked(question_pk):
    question = Question.objects.select_for_update().get(pk=question_pk)
    pending = PendingRevision.objects.select_for_update().filter(question=question).first()
    if pending is None:
        raise RevisionRefused(_("“%(title)s” has no pending revision any more.") % {"title": question.title})
    return question, pending


def approve(question_pk, user, *, reason: str, expected_version: int | None) -> Question:
    """Make the pending revision live: one new revision of the question with
    `reason`, and the pending row is gone. `expected_version` is the pending
    revision's version the publisher read."""
    reason = reason.strip()
    with transaction.atomic():
        question, pending = _locked(question_pk)
        if not policies.can_approve_revision(user, pending):
            raise RevisionRefused(
                _("You wrote (part of) this revision; another publisher has to approve it.")
                if policies.can_review(user)
                else _("You do not have permission to do that.")
            )
        if expected_version is not None and pending.version != expected_version:
            raise PendingConflict(
                _("The pending revision changed since you opened it; read the new text, then try again.")
            )
        if question.status != Question.Status.PUBLISHED:
            raise RevisionRefused(_("Only a revision of a published question is approved this way."))
        if pending.base_version != question.version:
            raise PendingConflict(
                _(
                    "The live question changed after this revision was written; its author must open "
                    "and save it again so that it is based on the current text."
                )
            )
        if not reason:
            raise RevisionRefused(_("Say why the revision is approved."))
        tags = list(pending.tags.all())
        for name in PendingRevision.CONTENT_FIELDS:
            setattr(question, name, getattr(pending, name))
        question.reviewed_by = user
        question.last_reviewed_at = timezone.now()
        question._change_reason = reason
        question._history_user = user
        with one_revision(question):
            question.save()
            question.tags.set(tags)
        pending._change_reason = (_("Approved: %(reason)s") % {"reason": reason})[:MAX_REASON_LENGTH]
        pending._history_user = user
        pending.delete()
    return question


def discard(question_pk, user, *, reason: str = "") -> Question:
    with transaction.atomic():
        question, pending = _locked(question_pk)
        if not policies.can_discard_revision(user, pending):
            raise RevisionRefused(_("You do not have permission to do that."))
        note = (_("Discarded: %(reason)s") % {"reason": reason}) if reason else _("Discarded")
        pending._change_reason = note[:MAX_REASON_LENGTH]
        pending._history_user = user
        pending.delete()
    return question


def changes_of(question, pending):
    """What approving `pending` would change in the live question."""
    live = revisions.snapshot(Question, question)
    proposed = dict(live)
    tags = [tag.name for tag in pending.tags.all()]
    fields = [*PendingRevision.CONTENT_FIELDS, "tags"]
    pending_values = revisions.snapshot(Question, pending, tags=tags, fields=fields)
    proposed.update(pending_values)
    return revisions.compare(Question, live, proposed)


def propose_restore(question_pk, record, user, *, reason: str = "") -> PendingRevision:
    """An old revision of a published question becomes its pending revision
    (replacing the text of an open one, as an edit of it would): the public
    keeps the live text until a publisher approves."""
    question = Question.objects.get(pk=question_pk)
    pending = PendingRevision.objects.filter(question=question).first()
    # The caller checked restore_problem (the category still exists); tags
    # deleted since are left out, as in a direct restore.
    values = {name: getattr(record, name) for name in PendingRevision.CONTENT_FIELDS}
    tags = Tag.objects.filter(pk__in=[through.tag_id for through in record.tags.all()])
    return save_pending(
        question.pk,
        user,
        values,
        tags,
        version=pending.version if pending else 0,
        base_version=question.version,
        reason=revisions.restore_reason(record, reason),
    )
