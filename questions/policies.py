"""The rule book: who may see, write and move questions and sources.

Every write path asks here — the admin's forms, buttons and bulk actions,
the revision restore, the article import, the JSON import, the Markdown
editor's endpoints — so that a rule lives in one place and a new view
cannot forget it.

The people (see `questions.roles`):

- an editor writes: creates and edits drafts, submits them for review;
- a publisher reviews: publishes, sends back, unpublishes, archives,
  restores to draft, restores an old revision; does not rewrite content;
- a superuser may do everything, the four-eyes rule aside for their own
  convenience (a one-person bank must be able to publish);
- staff without a role may enter the admin and do nothing there;
- `SYSTEM` is the command line (`manage.py import_article`, `import_bank`):
  whoever runs it already owns the server and its database, so it is
  trusted like a superuser. It is a distinct actor, never a user row: it is
  nobody's author or reviewer.

Functions take the acting user (or `SYSTEM`) first and answer True/False;
they do not raise. The model is passed where the answer depends on its
state (a question's status, a source's published questions).

The model layer below knows no users: its querysets take what the rule book
decided (`Question.objects.visible(sees_unpublished=…)`); the functions under
"seeing" put the two together for a user.
"""

from .models import Category, Question, Source, Tag

SUBMIT_PERMISSION = "questions.submit_question"
PUBLISH_PERMISSION = "questions.publish_question"
ADD_QUESTION_PERMISSION = "questions.add_question"
CHANGE_QUESTION_PERMISSION = "questions.change_question"
ADD_SOURCE_PERMISSION = "questions.add_source"
CHANGE_SOURCE_PERMISSION = "questions.change_source"
ADD_TAG_PERMISSION = "questions.add_tag"
CHANGE_TAG_PERMISSION = "questions.change_tag"
DELETE_TAG_PERMISSION = "questions.delete_tag"
# Whoever may write either kind of Markdown may use the editor's endpoints.
MARKDOWN_WRITING_PERMISSIONS = (
    ADD_QUESTION_PERMISSION,
    CHANGE_QUESTION_PERMISSION,
    ADD_SOURCE_PERMISSION,
    CHANGE_SOURCE_PERMISSION,
)


class _CommandLine:
    """The actor of management commands (see the module's docstring)."""

    def __repr__(self):
        return "policies.SYSTEM"


SYSTEM = _CommandLine()


def is_system(actor) -> bool:
    return actor is SYSTEM


def _is_trusted(user) -> bool:
    """The command line and active superusers, who are held to no
    editorial rule but the four-eyes one's exception."""
    return user is SYSTEM or (user.is_active and user.is_superuser)


def _has(user, permission: str) -> bool:
    # has_perm is False for an inactive user and True for an active superuser.
    return user is SYSTEM or user.has_perm(permission)


# --- seeing -------------------------------------------------------------------


def sees_unpublished(user, permission: str) -> bool:
    """Editors and publishers (a role's view permission) see drafts; the
    public and staff without a role do not."""
    if user is SYSTEM:
        return True
    return user.is_active and user.is_staff and user.has_perm(permission)


def sees_unpublished_questions(user) -> bool:
    return sees_unpublished(user, "questions.view_question")


def sees_unpublished_sources(user) -> bool:
    return sees_unpublished(user, "questions.view_source")


def visible_questions(user):
    """Editors and publishers see every question (unpublished ones are
    marked); everyone else, staff without a role included, sees published
    ones only."""
    return Question.objects.visible(sees_unpublished=sees_unpublished_questions(user))


def visible_sources(user):
    """An article's text is public once one of its questions is; before
    that only editors and publishers see it."""
    return Source.objects.visible(sees_unpublished=sees_unpublished_sources(user))


def categories_counted_for(user) -> list:
    """The categories, each with the count of the questions `user` sees."""
    return Category.objects.counted(sees_unpublished=sees_unpublished_questions(user))


def tags_counted_for(user):
    """The tags of the questions `user` sees, each with `question_count`."""
    return Tag.objects.counted(sees_unpublished=sees_unpublished_questions(user))


def tags_offered_to(user, tags=None) -> list:
    """The tags a filter offers `user`, most used first (`tags`: a queryset
    of them, to read fewer columns)."""
    tags = Tag.objects.all() if tags is None else tags
    return tags.offered(sees_unpublished=sees_unpublished_questions(user))


def sees_admin_edit_link(user) -> bool:
    """The public question page links staff who may edit questions to the
    admin. Asked on every signed-in reader's page: `is_staff` first, so a
    candidate's page reads no permissions (two queries)."""
    return user is not SYSTEM and user.is_active and user.is_staff and _has(user, CHANGE_QUESTION_PERMISSION)


def sees_editorial_dashboard(user) -> bool:
    """The admin's index shows editors and publishers (and superusers) their
    work: drafts, returns, the review queue. Staff without a role see the
    plain index."""
    return user is not SYSTEM and sees_unpublished_questions(user)


# --- writing ------------------------------------------------------------------


def can_add_question(user) -> bool:
    return _has(user, ADD_QUESTION_PERMISSION)


def can_edit_question(user, question=None) -> bool:
    """Only drafts are edited: text in review or public changes only after a
    publisher sends it back to draft, so nothing skips the review. Without
    `question`: may the user edit questions at all (the changelist).
    Superusers and the command line edit in any status."""
    if not _has(user, CHANGE_QUESTION_PERMISSION):
        return False
    return question is None or _is_trusted(user) or question.status == Question.Status.DRAFT


def can_edit_source(user, source=None) -> bool:
    """An article's text is public with its published questions: like them,
    it changes only while none is published (superusers and the command line
    excepted). Without `source`: may the user edit sources at all."""
    if not _has(user, CHANGE_SOURCE_PERMISSION):
        return False
    if source is None or _is_trusted(user) or source.pk is None:
        return True
    return not source.questions.filter(status=Question.Status.PUBLISHED).exists()


def can_propose_revision(user, question) -> bool:
    """A published question is not edited in place: whoever may edit
    questions writes a pending revision of it, which the public does not see
    until a publisher approves it. Superusers too, so that what goes live
    has still been through the same path."""
    return _has(user, CHANGE_QUESTION_PERMISSION) and question.status == Question.Status.PUBLISHED


def can_approve_revision(user, pending) -> bool:
    """Four eyes: a publisher who wrote no part of the pending revision —
    neither its last save nor any before — makes it live (superusers and the
    command line excepted, as for publishing)."""
    if not can_review(user):
        return False
    if _is_trusted(user):
        return True
    return not pending.written_by(user)


def can_discard_revision(user, pending) -> bool:
    """Its author drops their own proposal; a publisher may reject anyone's."""
    if can_review(user):
        return True
    return (
        _has(user, CHANGE_QUESTION_PERMISSION)
        and pending.author_id is not None
        and pending.author_id == user.pk
    )


def can_restore(user, obj) -> bool:
    """Restoring an old revision makes it the current text again, as a new
    revision (so it can be undone). A question: a publisher restores any
    (bringing text back is deciding what is public, their role), and whoever
    may edit it restores it — an editor their drafts. A source follows its
    edit rule."""
    if isinstance(obj, Question):
        return can_review(user) or can_edit_question(user, obj)
    if isinstance(obj, Source):
        return can_edit_source(user, obj)
    return False


def can_propose_restore(user, obj) -> bool:
    """An editor does not restore a live question: the old text becomes its
    pending revision, which a publisher approves like any other."""
    return isinstance(obj, Question) and not can_restore(user, obj) and can_propose_revision(user, obj)


def can_open_restore(user, obj) -> bool:
    """Whether the history offers `user` a restore link at all."""
    return can_restore(user, obj) or can_propose_restore(user, obj)


def can_write_markdown(user) -> bool:
    """The Markdown editor's live preview renders whatever is posted: it is
    for the people who write questions or sources (staff without a role get
    nothing), so that it is no free rendering service."""
    if user is SYSTEM:
        return True
    return user.is_active and user.is_staff and any(user.has_perm(p) for p in MARKDOWN_WRITING_PERMISSIONS)


def can_use_markdown_preview(user) -> bool:
    return can_write_markdown(user)


def can_upload(user) -> bool:
    """Images are uploaded from the Markdown editor, by the people who write
    (an upload is stored and served: not for anyone else)."""
    return can_write_markdown(user)


def can_add_tag(user) -> bool:
    """A new tag is on no question yet: nothing public changes."""
    return _has(user, ADD_TAG_PERMISSION)


def can_rename_tag(user, tag=None) -> bool:
    """A tag's name shows on every question that has it, published ones
    included, the moment it changes: a publisher's act (who decides what is
    public), never an editor's, whatever permissions they were given."""
    return _has(user, CHANGE_TAG_PERMISSION) and can_review(user)


def can_delete_tag(user, tag=None) -> bool:
    """Deleting a tag takes it off published questions: as for renaming."""
    return _has(user, DELETE_TAG_PERMISSION) and can_review(user)


# --- the workflow --------------------------------------------------------------


def can_submit(user, question=None) -> bool:
    """Editors ask for review of their drafts (anyone's draft: the submitter
    is recorded, and the four-eyes rule is about who publishes)."""
    return _has(user, SUBMIT_PERMISSION)


def can_review(user) -> bool:
    """Publishers decide what is public; they do not rewrite content."""
    return _has(user, PUBLISH_PERMISSION)


def can_publish(user, question=None) -> bool:
    """Four eyes: the person who asked for review is not the one who
    approves it, so whatever goes public has been read by two people.
    Superusers are exempt (a bank may have a single maintainer)."""
    if not can_review(user):
        return False
    if question is None or _is_trusted(user):
        return True
    return question.submitted_by_id != user.pk


def can_send_back(user, question=None) -> bool:
    return can_review(user)


def can_unpublish(user, question=None) -> bool:
    return can_review(user)


def can_archive(user, question=None) -> bool:
    return can_review(user)


def can_restore_from_archive(user, question=None) -> bool:
    return can_review(user)


TRANSITION_RULES = {
    "submit": can_submit,
    "publish": can_publish,
    "send_back": can_send_back,
    "unpublish": can_unpublish,
    "archive": can_archive,
    "restore": can_restore_from_archive,
}


def can_take_transition(user, question, transition) -> bool:
    """May `user` take `transition` (a `workflow.Transition` or its name) on
    `question`? With `question=None`: may they take it on some question —
    their role allows it (the admin's bulk action menu). Whether the
    question's status allows it is the workflow's business, not a person's."""
    name = getattr(transition, "name", transition)
    return TRANSITION_RULES[name](user, question)


# --- review comments -------------------------------------------------------------


def can_comment(user, question=None) -> bool:
    """Reviewers say what is wrong; so do editors, who answer them (an
    editor's comment on their own work is a reply, not a review)."""
    return can_review(user) or _has(user, SUBMIT_PERMISSION)


def can_resolve_comment(user, comment) -> bool:
    """A comment is resolved by whoever can act on it: the people who may
    edit the question (or propose a revision of it), its author, or a
    publisher."""
    if can_review(user):
        return True
    if (
        user is not SYSTEM
        and user.is_active
        and comment.author_id is not None
        and comment.author_id == user.pk
    ):
        return True
    question = comment.question
    return can_edit_question(user, question) or can_propose_revision(user, question)


# --- quality checks -----------------------------------------------------------------


def can_acknowledge_check(user, question=None) -> bool:
    """A finding the people who write or publish the question judged fine
    here leaves the "needs attention" filter; whatever the question's status,
    since it changes nothing the public sees. Withdrawn by the same people."""
    return can_review(user) or _has(user, CHANGE_QUESTION_PERMISSION)


def can_verify(user, question=None) -> bool:
    """Saying a live answer still holds is a publisher's word, like
    publishing it."""
    return can_review(user) and (question is None or question.status == Question.Status.PUBLISHED)


# --- candidates' reports ----------------------------------------------------------


def can_report(user, question) -> bool:
    """Whoever reads a question may report a problem with it, guests
    included: candidates find the wrong answers. The limits per person and
    per address are `questions.editorial.reports`'."""
    return question.status == Question.Status.PUBLISHED or sees_unpublished_questions(user)


def can_resolve_report(user, report) -> bool:
    """Like a review comment: whoever can act on the question resolves it."""
    if can_review(user):
        return True
    question = report.question
    return can_edit_question(user, question) or can_propose_revision(user, question)


def works_all_reports(user) -> bool:
    """Publishers answer for the whole bank: every open report is in their
    queue, the seed's authorless questions' too. Editors see their own."""
    return can_review(user)


# --- importing ------------------------------------------------------------------


def can_import_articles(user) -> bool:
    """An article import creates questions and updates existing ones."""
    return can_add_question(user) and can_edit_question(user)


def importable_statuses(user) -> set[str]:
    """The statuses an article import may set ("" keeps existing questions'
    status and makes new ones drafts). Editors: draft or review only, so
    nothing reaches the public unreviewed; superusers and the command line:
    any."""
    status = Question.Status
    if not can_import_articles(user):
        return set()
    if _is_trusted(user):
        return {"", *status.values}
    return {"", status.DRAFT, status.REVIEW}


def can_import_bank(user) -> bool:
    """A JSON bank import writes statuses, reviewers and dates as they are in
    the file, past every workflow rule: the command line and superusers only."""
    return _is_trusted(user)
