"""Only the owner ever sees their practice: another learner's ids are 404."""

import pytest
from django.urls import reverse

from practice.models import Bookmark, Card, MockInterview, Note, ReviewLog
from questions.models import Question
from tests.factories import QuestionFactory, SuperuserFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def alice_interview():
    QuestionFactory()
    alice = UserFactory(username="alice")
    client = english_client(alice)
    client.post(reverse("practice:mock_new"), {"question_count": 1, "minutes_per_question": 2})
    return MockInterview.objects.get(user=alice)


@pytest.mark.parametrize(
    ("name", "method", "needs_position"),
    [
        ("practice:mock", "get", False),
        ("practice:mock_summary", "get", False),
        ("practice:mock_finish", "post", False),
        ("practice:mock_answer", "post", True),
        ("practice:mock_grade", "post", True),
    ],
)
def test_another_users_mock_interview_is_404(alice_interview, name, method, needs_position):
    args = [alice_interview.pk, 1] if needs_position else [alice_interview.pk]
    mallory = english_client(UserFactory(username="mallory"))
    response = getattr(mallory, method)(reverse(name, args=args), {"text": "x", "rating": 3})
    assert response.status_code == 404
    guest = english_client()
    assert getattr(guest, method)(reverse(name, args=args), {"text": "x", "rating": 3}).status_code == 404
    alice_interview.refresh_from_db()
    assert alice_interview.finished_at is None
    assert alice_interview.answers.get().text == ""


def test_the_owner_sees_their_interview(alice_interview):
    client = english_client(alice_interview.user)
    assert client.get(reverse("practice:mock", args=[alice_interview.pk])).status_code == 200


def test_notes_and_bookmarks_are_private():
    question = QuestionFactory()
    alice, bob = UserFactory(), UserFactory()
    Note.objects.create(user=alice, question=question, text="alice's secret")
    Bookmark.objects.create(user=alice, question=question)
    bob_client = english_client(bob)
    assert (
        "alice&#x27;s secret"
        not in bob_client.get(reverse("practice:note", args=[question.pk])).content.decode()
    )
    assert bob_client.get(reverse("practice:bookmarks")).context["rows"] == []
    bob_client.post(reverse("practice:bookmark", args=[question.pk]))  # bob's own bookmark
    assert Bookmark.objects.filter(user=alice).exists()
    assert Bookmark.objects.filter(user=bob).exists()


def test_no_bookmark_or_note_on_an_unpublished_question():
    draft = QuestionFactory(status=Question.Status.DRAFT)
    client = english_client(UserFactory())
    assert client.post(reverse("practice:bookmark", args=[draft.pk])).status_code == 404
    assert client.post(reverse("practice:save_note", args=[draft.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("practice:note", args=[draft.pk])).status_code == 404


def test_a_bookmarked_question_leaves_the_list_when_archived_and_the_bookmark_stays():
    question = QuestionFactory()
    user = UserFactory()
    Bookmark.objects.create(user=user, question=question)
    client = english_client(user)
    assert len(client.get(reverse("practice:bookmarks")).context["rows"]) == 1
    Question.objects.filter(pk=question.pk).update(status=Question.Status.ARCHIVED)
    assert client.get(reverse("practice:bookmarks")).context["rows"] == []
    assert Bookmark.objects.filter(user=user).exists()


def test_a_too_long_note_is_refused_and_kept_in_the_form(english):
    question = QuestionFactory()
    client = english_client(UserFactory())
    text = "x" * 5001
    response = client.post(reverse("practice:save_note", args=[question.pk]), {"text": text})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert text in response.content.decode()
    assert not Note.objects.exists()


def test_deleting_the_account_deletes_its_practice():
    question = QuestionFactory()
    user = UserFactory()
    client = english_client(user)
    client.post(reverse("practice:grade"), {"question": question.pk, "rating": 3})
    client.post(reverse("practice:bookmark", args=[question.pk]))
    client.post(reverse("practice:save_note", args=[question.pk]), {"text": "n"})
    user.delete()
    assert not Card.objects.exists()
    assert not ReviewLog.objects.exists()
    assert not Bookmark.objects.exists()
    assert not Note.objects.exists()


def test_editors_do_not_see_learners_practice_in_the_admin(editor_client):
    question = QuestionFactory()
    learner = UserFactory()
    Card.objects.create(user=learner, question=question, due=question.created_at)
    assert editor_client.get(reverse("admin:practice_card_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:practice_reviewlog_changelist")).status_code == 403


def test_superusers_see_cards_read_only():
    question = QuestionFactory()
    card = Card.objects.create(user=UserFactory(), question=question, due=question.created_at)
    client = english_client(SuperuserFactory())
    assert client.get(reverse("admin:practice_card_changelist")).status_code == 200
    response = client.post(reverse("admin:practice_card_change", args=[card.pk]), {"stability": 99})
    assert response.status_code in (200, 403)
    card.refresh_from_db()
    assert card.stability is None
    assert client.get(reverse("admin:practice_card_delete", args=[card.pk])).status_code == 403


def test_bookmarks_are_listed_a_page_at_a_time():
    user = UserFactory()
    for question in [QuestionFactory() for _ in range(52)]:
        Bookmark.objects.create(user=user, question=question)
    client = english_client(user)
    assert len(client.get(reverse("practice:bookmarks")).context["rows"]) == 50
    assert len(client.get(reverse("practice:bookmarks") + "?page=2").context["rows"]) == 2
