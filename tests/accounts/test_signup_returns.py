"""Sign-up brings the new candidate back to where they were (the practice
they were doing as a guest), never to another site."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
PASSWORD = "a-Long-enough-secret-42"


def _signup(client, next_page, username="ada"):
    data = {
        "username": username,
        "email": f"{username}@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(SIGNUP, {**data, "next": next_page})


def test_signup_returns_the_candidate_to_practice(client):
    response = _signup(client, "/practice/?category=coding")
    assert response.status_code == 302
    assert response.url == "/practice/?category=coding"


def test_signup_page_keeps_next_in_its_form_and_its_login_link(client):
    html = client.get(SIGNUP, {"next": "/practice/"}).content.decode()
    assert '<input type="hidden" name="next" value="/practice/">' in html
    assert f'href="{reverse("accounts:login")}?next=/practice/"' in html


def test_login_page_offers_signup_with_the_same_next(client):
    html = client.get(reverse("accounts:login"), {"next": "/practice/"}).content.decode()
    assert f'href="{SIGNUP}?next=/practice/"' in html


@pytest.mark.parametrize(
    "next_page",
    [
        "https://evil.example/",
        "//evil.example/practice/",
        "http:/evil.example",
        "javascript:alert(1)",
        "/" + "x" * 2001,
    ],
)
def test_signup_never_sends_the_candidate_elsewhere(client, next_page):
    response = _signup(client, next_page)
    assert response.status_code == 302
    assert response.url == reverse("questions:home")


def test_a_signed_in_visitor_on_the_signup_page_goes_to_next(client, django_user_model):
    user = django_user_model.objects.create_user("grace", "grace@example.com", PASSWORD)
    client.force_login(user)
    assert client.get(SIGNUP, {"next": "/practice/"}).url == "/practice/"
    assert client.get(SIGNUP, {"next": "https://evil.example/"}).url == reverse("questions:home")


def test_header_signup_link_brings_the_guest_back_to_practice(client):
    html = client.get(reverse("practice:home")).content.decode()
    assert f'<a class="button" href="{SIGNUP}?next=/practice/">' in html


def test_header_signup_link_from_the_home_page_has_no_next(client):
    html = client.get("/").content.decode()
    assert f'<a class="button" href="{SIGNUP}">' in html
