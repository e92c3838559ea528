"""A revisit of a shared page with its current ETag is answered 304 before
the session, the user or the view are looked at."""

import pytest

from questions.public import pagecache, revalidation
from questions.public.held_version import current_version
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


@pytest.mark.parametrize(
    "path", ["/api/v1/me/progress", "/admin/", "/accounts/login/", "/q/no-such-question/"]
)
def test_if_none_match_star_is_never_answered_304(client, path):
    QuestionFactory()
    response = client.get(path, headers={"if-none-match": "*"})
    assert response.status_code != 304
    assert "public" not in response.get("Cache-Control", "")


def test_if_none_match_star_gets_a_shared_page_in_full(client):
    question = QuestionFactory()
    assert client.get(question.get_absolute_url(), headers={"if-none-match": "*"}).status_code == 200
    client.cookies["sessionid"] = "no-such-session"  # past the middleware, to the page cache
    assert client.get(question.get_absolute_url(), headers={"if-none-match": "*"}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/admin/", "/accounts/login/", "/api/v1/me/progress", "/q/some-slug/qr.svg"]
)
def test_a_forged_etag_for_an_address_that_is_no_shared_page_is_passed_on(client, rf, path):
    QuestionFactory()
    version, _changed_at = current_version()
    forged = pagecache.page_etag(version, "en", pagecache.address_hash(rf.get(path)))
    response = client.get(path, headers={"if-none-match": forged, "accept-language": "en"})
    assert response.status_code != 304


def test_a_public_api_answer_is_still_revalidated_before_it_is_built(client, django_assert_num_queries):
    QuestionFactory()
    etag = _etag(client, "/api/v1/categories")
    with django_assert_num_queries(1):  # the content version
        response = client.get("/api/v1/categories", headers={"if-none-match": etag})
    assert response.status_code == 304


def test_a_static_file_never_reads_the_content_version(client, monkeypatch):
    monkeypatch.setattr(revalidation, "current_version", lambda: pytest.fail("the version was read"))
    response = client.get("/static/css/site.css", headers={"if-none-match": '"1-en-0123456789ab"'})
    assert response.status_code != 304
