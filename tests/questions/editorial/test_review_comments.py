"""A reviewer returns a question with words: comments, general or anchored
to a field, shown to the author on the change form; resolved ones stay in
the history."""

import pytest

from questions.models import Question, ReviewComment
from tests.admin_helpers import change_url
from tests.factories import DraftFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _send_back(client, question, **comment):
    data = {"version": question.version, "reason": "needs work"}
    data.update({f"comment-{key}": value for key, value in comment.items()})
    return client.post(f"/admin/questions/question/{question.pk}/transition/send_back/", data)


def test_reviewer_sends_back_with_a_comment_anchored_to_a_field(publisher_client, publisher):
    question = QuestionFactory(status=Question.Status.REVIEW)
    _send_back(publisher_client, question, field="answer", body="The second step is wrong.")
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
    comment = ReviewComment.objects.get(question=question)
    assert (comment.field, comment.body, comment.author) == ("answer", "The second step is wrong.", publisher)
    assert question.history.latest("history_id").history_change_reason == "Send back to draft: needs work"


def test_the_author_sees_open_comments_on_the_change_form(publisher_client, editor_client):
    question = QuestionFactory(status=Question.Status.REVIEW)
    _send_back(publisher_client, question, field="explanation", body="Cite the paper.")
    html = editor_client.get(change_url(question)).content.decode()
    assert "Cite the paper." in html
    assert "1 open comment" in html
    assert "explanation" in html


def test_a_comment_that_is_too_long_is_refused_and_nothing_moves(publisher_client):
    question = QuestionFactory(status=Question.Status.REVIEW)
    _send_back(publisher_client, question, body="x" * 2001)
    question.refresh_from_db()
    assert question.status == Question.Status.REVIEW
    assert not ReviewComment.objects.exists()


def test_resolved_comments_leave_the_form_and_stay_in_the_history(publisher_client, editor_client, editor):
    question = QuestionFactory(status=Question.Status.REVIEW)
    _send_back(publisher_client, question, body="Too vague.")
    comment = ReviewComment.objects.get()
    editor_client.post(f"/admin/questions/question/{question.pk}/comments/{comment.pk}/resolve/")
    comment.refresh_from_db()
    assert comment.is_resolved
    assert comment.resolved_by == editor
    assert "Too vague." not in editor_client.get(change_url(question)).content.decode()
    history = editor_client.get(f"/admin/questions/question/{question.pk}/history/").content.decode()
    assert "Too vague." in history


def test_staff_without_a_role_can_neither_comment_nor_resolve(staff_client, publisher_client):
    question = DraftFactory()
    url = f"/admin/questions/question/{question.pk}/comments/add/"
    assert staff_client.post(url, {"comment-body": "hi"}).status_code == 403
    publisher_client.post(url, {"comment-body": "Fix the title.", "comment-field": "title"})
    comment = ReviewComment.objects.get()
    resolve = f"/admin/questions/question/{question.pk}/comments/{comment.pk}/resolve/"
    assert staff_client.post(resolve).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_an_editor_cannot_resolve_a_comment_on_a_question_they_cannot_edit(
    publisher_client, other_editor_client
):
    question = QuestionFactory(status=Question.Status.REVIEW)
    publisher_client.post(f"/admin/questions/question/{question.pk}/comments/add/", {"comment-body": "Hmm."})
    comment = ReviewComment.objects.get()
    response = other_editor_client.post(
        f"/admin/questions/question/{question.pk}/comments/{comment.pk}/resolve/"
    )
    assert response.status_code == 403


def test_a_comment_of_another_question_cannot_be_resolved_through_this_one(publisher_client):
    one, other = DraftFactory(), DraftFactory()
    publisher_client.post(f"/admin/questions/question/{one.pk}/comments/add/", {"comment-body": "Hmm."})
    comment = ReviewComment.objects.get()
    response = publisher_client.post(f"/admin/questions/question/{other.pk}/comments/{comment.pk}/resolve/")
    assert response.status_code == 404


def test_the_authors_queue_lists_questions_with_open_comments(publisher_client, editor_client, editor):
    returned = QuestionFactory(status=Question.Status.REVIEW, author=editor, title="Returned one")
    QuestionFactory(status=Question.Status.REVIEW, author=editor, title="Untouched one")
    _send_back(publisher_client, returned, body="Please fix.")
    html = editor_client.get("/admin/questions/question/?comments=mine").content.decode()
    assert "Returned one" in html
    assert "Untouched one" not in html
