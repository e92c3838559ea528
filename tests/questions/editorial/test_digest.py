"""The opt-in daily e-mail of a person's queues: sent by the job queue to
subscribers with something waiting, with the same counts as the queues."""

import pytest
from django.core import mail
from django.test import Client

from accounts import personal_data
from questions.editorial import digest, queues
from questions.editorial.comments import add_comment
from questions.models import Question, QueueDigestSubscription
from questions.tasks.digest import send_queue_digests
from tests.factories import DraftFactory, QuestionFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _subscribe(client, value):
    return client.post("/admin/questions/question/queue-digest/", {"subscribe": value})


def test_an_editor_opts_in_and_out_from_the_admin_index(editor, editor_client):
    assert "E-mail me daily" in editor_client.get("/admin/").content.decode()
    assert _subscribe(editor_client, "1").status_code == 302
    assert digest.is_subscribed(editor)
    assert "Stop the daily e-mail" in editor_client.get("/admin/").content.decode()
    _subscribe(editor_client, "0")
    assert not digest.is_subscribed(editor)


def test_staff_without_a_role_cannot_subscribe():
    staff = StaffFactory()
    client = Client()
    client.force_login(staff)
    assert _subscribe(client, "1").status_code == 403
    assert not QueueDigestSubscription.objects.exists()


def test_the_digest_goes_to_subscribers_with_something_waiting_with_the_queue_counts(
    editor, other_editor, publisher
):
    for user, address in ((editor, "ed@example.com"), (other_editor, "ed2@example.com"), (publisher, "")):
        user.email = address
        user.save()
        digest.set_subscribed(user, True)
    commented = DraftFactory(author=editor, title="A draft with a comment")
    add_comment(commented, publisher, "Check the numbers.")
    QuestionFactory(status=Question.Status.REVIEW, submitted_by=editor)  # the publisher's, who has no address

    send_queue_digests(timestamp=0)

    assert [message.to for message in mail.outbox] == [["ed@example.com"]]  # other_editor: nothing waits
    body = mail.outbox[0].body
    assert "我的题目有未解决的评论: 1" in body  # in the site's language
    assert "A draft with a comment" in body
    assert "/admin/questions/question/?queue=comments" in body
    assert queues.counts_for(editor)["comments"] == 1
    assert QueueDigestSubscription.objects.get(user=editor).last_sent_at is not None
    assert QueueDigestSubscription.objects.get(user=other_editor).last_sent_at is None


def test_the_subscription_is_in_the_personal_data_export(editor):
    digest.set_subscribed(editor, True)
    assert personal_data.export(editor)["queue_digest"]["subscribed"] is True
