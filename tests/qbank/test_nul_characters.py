"""A NUL character anywhere in a request's query or form fields is a 400
with a page that says why, before any view (or Postgres) sees it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_is_a_bad_request_that_says_why(client):
    response = client.get("/search/", {"q": "gpu\x00"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    chinese = client.get("/search/", {"q": "gpu\x00"}, headers={"accept-language": "zh-hans"})
    assert "NUL 字符" in chinese.content.decode()


@pytest.mark.parametrize(
    "data", [{"username": "ada\x00"}, {"user\x00name": "ada"}, {"password": ["x", "\x00"]}]
)
def test_nul_in_any_form_field_or_name_is_a_bad_request(client, data):
    assert client.post("/accounts/login/", data).status_code == 400


def test_uploaded_files_may_hold_nul_bytes(client):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    response = client.post("/accounts/login/", {"username": "ada", "password": "x", "photo": upload})
    assert response.status_code == 200  # the login form's own answer
