"""A revisit of a shared page with its current ETag is answered 304 before
the session, the user or the view are looked at."""

import pytest

from questions.public import pagecache
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _etag(client, url, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response["ETag"]


def test_a_revisit_without_cookies_is_answered_before_the_page_is_built(
    client, django_assert_num_queries, monkeypatch
):
    question = QuestionFactory()
    url = question.get_absolute_url()
    etag = _etag(client, url)
    monkeypatch.setattr(pagecache, "_shared_page", lambda *a: pytest.fail("the page was built"))
    with django_assert_num_queries(1):  # the content version, nothing else
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
    assert client.head(url, headers={"if-none-match": etag}).status_code == 304


def test_an_old_etag_or_another_address_or_language_gets_the_page(client):
    question, other = QuestionFactory(), QuestionFactory()
    etag = _etag(client, question.get_absolute_url())
    assert client.get(other.get_absolute_url(), headers={"if-none-match": etag}).status_code == 200
    english = client.get(
        question.get_absolute_url(), headers={"if-none-match": etag, "accept-language": "en"}
    )
    assert english.status_code == 200
    QuestionFactory()  # a public change: a new version
    assert client.get(question.get_absolute_url(), headers={"if-none-match": etag}).status_code == 200


def test_a_visitor_with_cookies_is_revalidated_by_the_page_cache(client):
    question = QuestionFactory()
    etag = _etag(client, question.get_absolute_url())
    client.cookies["sessionid"] = "no-such-session"
    response = client.get(question.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
