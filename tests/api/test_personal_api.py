"""A candidate's own practice through a personal token: made on the account
page and shown once, stored as a hash, revoked there; never anyone else's."""

import re

import pytest
from django.utils import timezone

from accounts import personal_data
from api.models import ApiToken
from api.tokens import create_token
from practice.models import Bookmark
from practice.owners import Owner
from practice.scheduling import grade
from tests.factories import DraftFactory, QuestionFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = pytest.mark.django_db

CARDS = "/api/v1/me/cards"


def _bearer(secret: str) -> dict:
    return {"authorization": f"Bearer {secret}"}


@pytest.fixture
def candidate():
    return UserFactory(username="candidate")


@pytest.fixture
def practised(candidate):
    """Two graded questions and a bookmark."""
    owner = Owner(user_id=candidate.pk)
    first, second = QuestionFactory(title="First"), QuestionFactory(title="Second")
    now = timezone.now()
    grade(owner, first, 3, now=now)
    grade(owner, first, 3, now=now)
    grade(owner, second, 1, now=now)
    Bookmark.objects.create(user=candidate, question=second)
    return first, second


def test_a_token_is_made_on_the_account_page_shown_once_and_kept_as_a_hash(candidate):
    client = english_client(candidate)
    assert "API tokens" in client.get("/accounts/").content.decode()
    response = client.post("/api/tokens/new", {"name": "my script"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(qbk_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=candidate)
    assert token.name == "my script"
    assert secret not in {token.digest, token.prefix}
    assert not ApiToken.objects.filter(digest=secret).exists()
    account = client.get("/accounts/").content.decode()
    assert "my script" in account
    assert secret not in account


def test_the_token_reads_the_owners_cards_progress_and_bookmarks(client, candidate, practised):
    first, second = practised
    _token, secret = create_token(candidate, "script")
    cards = client.get(CARDS, headers=_bearer(secret))
    assert cards.status_code == 200
    assert "no-store" in cards["Cache-Control"]
    by_slug = {card["question_slug"]: card for card in cards.json()["results"]}
    assert by_slug[first.slug]["reviews"] == 2
    assert by_slug[second.slug]["reviews"] == 1
    progress = client.get("/api/v1/me/progress", headers=_bearer(secret)).json()
    assert progress["cards"] == 2
    assert progress["reviews"] == 3
    bookmarks = client.get("/api/v1/me/bookmarks", headers=_bearer(secret)).json()
    assert [b["question_slug"] for b in bookmarks["results"]] == [second.slug]


def test_cards_of_unpublished_questions_are_left_out(client, candidate, practised):
    first, _second = practised
    first.status = DraftFactory._meta.model.Status.DRAFT
    first.save()
    _token, secret = create_token(candidate, "script")
    slugs = [card["question_slug"] for card in client.get(CARDS, headers=_bearer(secret)).json()["results"]]
    assert first.slug not in slugs


def test_another_persons_token_never_sees_your_cards(client, candidate, practised):
    other = UserFactory(username="other")
    _token, secret = create_token(other, "theirs")
    assert client.get(CARDS, headers=_bearer(secret)).json()["results"] == []
    assert client.get("/api/v1/me/progress", headers=_bearer(secret)).json()["cards"] == 0


def test_no_token_a_wrong_one_or_a_session_is_refused(client, candidate, practised):
    assert client.get(CARDS).status_code == 401
    assert client.get(CARDS, headers=_bearer("qbk_not-a-token")).status_code == 401
    assert client.get(CARDS, headers=_bearer("x" * 10_000)).status_code == 401
    # The session cookie of a signed-in candidate opens nothing here.
    assert english_client(candidate).get(CARDS).status_code == 401


def test_a_revoked_token_opens_nothing(client, candidate, practised):
    token, secret = create_token(candidate, "script")
    assert client.get(CARDS, headers=_bearer(secret)).status_code == 200
    owner_client = english_client(candidate)
    assert owner_client.post(f"/api/tokens/{token.pk}/revoke").status_code == 302
    assert client.get(CARDS, headers=_bearer(secret)).status_code == 401


def test_nobody_revokes_someone_elses_token(candidate):
    token, _secret = create_token(candidate, "script")
    stranger = english_client(UserFactory(username="stranger"))
    stranger.post(f"/api/tokens/{token.pk}/revoke")
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_tokens_are_in_the_export_and_deleted_with_the_account(candidate):
    create_token(candidate, "script")
    exported = personal_data.export(candidate)["api"]["tokens"]
    assert [t["name"] for t in exported] == ["script"]
    assert "digest" not in exported[0]
    personal_data.delete_account(candidate)
    assert not ApiToken.objects.exists()


def test_one_person_keeps_a_bounded_number_of_tokens(candidate, settings):
    settings.API_TOKENS_PER_USER = 2
    client = english_client(candidate)
    for n in range(2):
        assert client.post("/api/tokens/new", {"name": f"t{n}"}).status_code == 200
    assert client.post("/api/tokens/new", {"name": "one more"}).status_code == 400
    assert ApiToken.objects.filter(user=candidate).count() == 2


def test_the_cards_page_runs_a_bounded_number_of_queries(
    client, candidate, practised, django_assert_max_num_queries
):
    _token, secret = create_token(candidate, "script")
    client.get(CARDS, headers=_bearer(secret))  # last_used_at written once
    # the token and its user, the count, the page
    with django_assert_max_num_queries(3):
        assert client.get(CARDS, headers=_bearer(secret)).status_code == 200


def test_an_address_that_keeps_sending_wrong_tokens_is_refused(client, candidate, settings):
    settings.API_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get(CARDS, headers=_bearer("qbk_wrong")).status_code == 401
    assert client.get(CARDS, headers=_bearer("qbk_wrong")).status_code == 429
