"""The rule book itself: who may do what, role by role.

Each table row is one action; the columns are the people of
`questions.roles` plus the extremes (the anonymous public, staff without a
role, superusers) and the command line (`policies.SYSTEM`).
"""

import pytest

from questions import policies
from questions.editorial.workflow import TRANSITIONS
from questions.models import PendingRevision, Question, ReviewComment
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, UserFactory

Status = Question.Status
_SOMEONE = object()  # a comment written by another user (the default)
PEOPLE = ["anonymous", "staff_user", "editor", "publisher", "superuser", "system"]


@pytest.fixture
def system():
    return policies.SYSTEM


def _actor(request, name):
    return request.getfixturevalue(name)


def _table(rows):
    """`{action: set of people allowed}` → (action, person, allowed) cases."""
    return [
        pytest.param(action, person, person in allowed, id=f"{action}-{person}")
        for action, allowed in rows.items()
        for person in PEOPLE
    ]


def _question(status, submitted_by=None):
    factory = DraftFactory if status == Status.DRAFT else QuestionFactory
    return factory(status=status, submitted_by=submitted_by)


EVERYONE_WHO_REVIEWS = {"publisher", "superuser", "system"}
EVERYONE_WHO_WRITES = {"editor", "superuser", "system"}
TRUSTED = {"superuser", "system"}

ACTIONS = {
    "see unpublished questions": (
        lambda user: policies.sees_unpublished_questions(user),
        {"editor", "publisher", "superuser", "system"},
    ),
    "see unpublished sources": (
        lambda user: policies.sees_unpublished_sources(user),
        {"editor", "publisher", "superuser", "system"},
    ),
    "add a question": (policies.can_add_question, EVERYONE_WHO_WRITES),
    "edit a draft": (
        lambda user: policies.can_edit_question(user, _question(Status.DRAFT)),
        EVERYONE_WHO_WRITES,
    ),
    "edit a question in review": (
        lambda user: policies.can_edit_question(user, _question(Status.REVIEW)),
        TRUSTED,
    ),
    "edit a published question": (
        lambda user: policies.can_edit_question(user, _question(Status.PUBLISHED)),
        TRUSTED,
    ),
    "edit an archived question": (
        lambda user: policies.can_edit_question(user, _question(Status.ARCHIVED)),
        TRUSTED,
    ),
    "edit a source with no published question": (
        lambda user: policies.can_edit_source(user, _source_with(Status.DRAFT)),
        EVERYONE_WHO_WRITES,
    ),
    "edit a source with a published question": (
        lambda user: policies.can_edit_source(user, _source_with(Status.PUBLISHED)),
        TRUSTED,
    ),
    "restore a revision of a draft": (
        lambda user: policies.can_restore(user, _question(Status.DRAFT)),
        EVERYONE_WHO_WRITES | EVERYONE_WHO_REVIEWS,
    ),
    "restore a revision of a question in review": (
        lambda user: policies.can_restore(user, _question(Status.REVIEW)),
        EVERYONE_WHO_REVIEWS,
    ),
    "restore a revision of a published question": (
        lambda user: policies.can_restore(user, _question(Status.PUBLISHED)),
        EVERYONE_WHO_REVIEWS,
    ),
    "propose a restore of a published question": (
        lambda user: policies.can_propose_restore(user, _question(Status.PUBLISHED)),
        {"editor"},
    ),
    "propose a restore of a draft": (
        lambda user: policies.can_propose_restore(user, _question(Status.DRAFT)),
        set(),
    ),
    "restore a revision of a source with a published question": (
        lambda user: policies.can_restore(user, _source_with(Status.PUBLISHED)),
        TRUSTED,
    ),
    "submit": (
        lambda user: policies.can_take_transition(user, _question(Status.DRAFT), "submit"),
        EVERYONE_WHO_WRITES,
    ),
    "publish": (
        lambda user: policies.can_take_transition(user, _question(Status.REVIEW), "publish"),
        EVERYONE_WHO_REVIEWS,
    ),
    "send back": (lambda user: policies.can_send_back(user, _question(Status.REVIEW)), EVERYONE_WHO_REVIEWS),
    "unpublish": (
        lambda user: policies.can_unpublish(user, _question(Status.PUBLISHED)),
        EVERYONE_WHO_REVIEWS,
    ),
    "archive": (lambda user: policies.can_archive(user, _question(Status.PUBLISHED)), EVERYONE_WHO_REVIEWS),
    "restore from the archive": (
        lambda user: policies.can_restore_from_archive(user, _question(Status.ARCHIVED)),
        EVERYONE_WHO_REVIEWS,
    ),
    "write a pending revision of a published question": (
        lambda user: policies.can_propose_revision(user, _question(Status.PUBLISHED)),
        EVERYONE_WHO_WRITES,
    ),
    "write a pending revision of a draft": (
        lambda user: policies.can_propose_revision(user, _question(Status.DRAFT)),
        set(),
    ),
    "approve someone else's pending revision": (
        lambda user: policies.can_approve_revision(user, _pending()),
        EVERYONE_WHO_REVIEWS,
    ),
    "approve a pending revision they wrote part of": (
        lambda user: policies.can_approve_revision(user, _pending(also_written_by=user)),
        TRUSTED,
    ),
    "discard someone else's pending revision": (
        lambda user: policies.can_discard_revision(user, _pending()),
        EVERYONE_WHO_REVIEWS,
    ),
    "comment on a question": (
        lambda user: policies.can_comment(user, _question(Status.REVIEW)),
        {"editor", "publisher", "superuser", "system"},
    ),
    "resolve someone else's comment on a draft": (
        lambda user: policies.can_resolve_comment(user, _comment(Status.DRAFT)),
        {"editor", "publisher", "superuser", "system"},
    ),
    "resolve someone else's comment on a question in review": (
        lambda user: policies.can_resolve_comment(user, _comment(Status.REVIEW)),
        EVERYONE_WHO_REVIEWS,
    ),
    "resolve a comment whose author is gone": (
        lambda user: policies.can_resolve_comment(user, _comment(Status.REVIEW, author=None)),
        EVERYONE_WHO_REVIEWS,
    ),
    "import articles": (policies.can_import_articles, EVERYONE_WHO_WRITES),
    "import a JSON bank": (policies.can_import_bank, TRUSTED),
    "use the markdown preview": (policies.can_use_markdown_preview, EVERYONE_WHO_WRITES),
    "upload images": (policies.can_upload, EVERYONE_WHO_WRITES),
}


def _pending(also_written_by=None):
    """Someone else's pending revision, last saved by them; `also_written_by`
    saved an earlier version of it."""
    question = _question(Status.PUBLISHED)
    pending = PendingRevision.objects.create(
        question=question,
        author=UserFactory(username="someone-else"),
        base_version=question.version,
        **{name: getattr(question, name) for name in PendingRevision.CONTENT_FIELDS},
    )
    pending.writers.add(pending.author)
    if getattr(also_written_by, "pk", None) is not None:  # a user row: not the public, not the command line
        pending.writers.add(also_written_by)
    return pending


def _comment(status, author=_SOMEONE):
    author = UserFactory(username="commenter") if author is _SOMEONE else author
    return ReviewComment.objects.create(question=_question(status), author=author, body="Why?")


def _source_with(status):
    source = SourceFactory()
    QuestionFactory(source=source, source_position=1, status=status)
    return source


@pytest.mark.parametrize(
    ("action", "person", "allowed"), _table({a: allowed for a, (_, allowed) in ACTIONS.items()})
)
def test_who_may_do_what(request, db, action, person, allowed):
    rule, _people = ACTIONS[action]
    assert rule(_actor(request, person)) is allowed


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_workflow_transition_has_a_rule(name):
    assert name in policies.TRANSITION_RULES


def test_a_publisher_may_not_publish_what_they_submitted(publisher):
    question = _question(Status.REVIEW, submitted_by=publisher)
    assert not policies.can_take_transition(publisher, question, "publish")
    assert policies.can_take_transition(publisher, question, "send_back")


def test_a_publisher_may_publish_what_another_person_submitted(publisher, editor):
    question = _question(Status.REVIEW, submitted_by=editor)
    assert policies.can_take_transition(publisher, question, "publish")


def test_a_superuser_may_publish_what_they_submitted(superuser):
    question = _question(Status.REVIEW, submitted_by=superuser)
    assert policies.can_take_transition(superuser, question, "publish")


def test_an_editor_may_submit_another_editors_draft(editor, other_editor):
    draft = _question(Status.DRAFT)
    draft.author = other_editor
    assert policies.can_take_transition(editor, draft, "submit")


def test_an_editor_may_edit_another_editors_draft(editor, other_editor):
    draft = DraftFactory(author=other_editor)
    assert policies.can_edit_question(editor, draft)


def test_an_inactive_superuser_may_do_nothing(superuser):
    superuser.is_active = False
    assert not policies.can_edit_question(superuser, _question(Status.PUBLISHED))
    assert not policies.can_take_transition(superuser, None, "publish")
    assert not policies.sees_unpublished_questions(superuser)
    assert policies.importable_statuses(superuser) == set()


@pytest.mark.parametrize(
    ("person", "statuses"),
    [
        ("anonymous", set()),
        ("staff_user", set()),
        ("publisher", set()),
        ("editor", {"", Status.DRAFT, Status.REVIEW}),
        ("superuser", {"", *Status.values}),
        ("system", {"", *Status.values}),
    ],
)
def test_import_statuses_keep_unreviewed_text_from_the_public(request, db, person, statuses):
    assert policies.importable_statuses(_actor(request, person)) == statuses


def test_the_command_line_is_no_user():
    assert policies.is_system(policies.SYSTEM)
    assert repr(policies.SYSTEM) == "policies.SYSTEM"
