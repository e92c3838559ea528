"""What every response carries and what a visitor sees when things go wrong:
a Content-Security-Policy without inline script, external Markdown images
dropped, branded 404/500 pages, a 503 while the database is down, a favicon."""

import pytest
from django.db import OperationalError
from django.test import Client

from questions.markdown import render_markdown
from questions.models import Category

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("url", ["/", "/search/?q=x", "/admin/login/"])
def test_every_page_has_a_policy_without_inline_script(client, url):
    directives = _directives(client.get(url))
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]
    policy = " ".join(" ".join(values) for values in directives.values())
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_have_no_inline_script(client, admin_client):
    for response in (client.get("/"), admin_client.get("/admin/questions/question/add/")):
        html = response.content.decode()
        assert html.count("<script") == html.count("<script src=") + html.count("<script id=")


def test_markdown_images_from_other_hosts_lose_their_source(settings):
    html = render_markdown("![pixel](https://tracker.example/p.gif) ![rel](//tracker.example/p.gif)")
    assert "tracker.example" not in html
    assert "<img" not in html  # nothing left to show


def test_markdown_images_from_this_site_and_configured_hosts_stay(settings):
    settings.MARKDOWN_IMAGE_HOSTS = ["img.example"]
    html = render_markdown("![a](/media/markdownx/a.png) ![b](https://img.example/b.png)")
    assert 'src="/media/markdownx/a.png"' in html
    assert 'src="https://img.example/b.png"' in html


def test_unknown_page_is_a_branded_404():
    response = Client(headers={"accept-language": "en"}).get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no page at this address" in html
    assert 'class="brand"' in html


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False, headers={"accept-language": "en"})


def test_a_crash_is_a_branded_500(quiet_client, monkeypatch):
    def boom(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(Category.objects, "counted", boom)
    response = quiet_client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_database_down_is_a_503_with_retry_after(quiet_client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection to server failed: timeout expired")

    monkeypatch.setattr(Category.objects, "counted", down)
    response = quiet_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Temporarily unavailable" in response.content.decode()


def test_database_connections_time_out(settings):
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5


def test_favicon(client):
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


def test_rerender_markdown_applies_new_rules_to_stored_html(english):
    from io import StringIO

    from django.core.management import call_command

    from questions.models import Question
    from tests.factories import QuestionFactory

    question = QuestionFactory(answer="![pixel](https://tracker.example/p.gif) **kept**")
    stale = '<p><img src="https://tracker.example/p.gif"> <strong>kept</strong></p>'
    Question.objects.filter(pk=question.pk).update(answer_html=stale)
    version = Question.objects.get(pk=question.pk).version
    revisions = question.history.count()
    out = StringIO()
    call_command("rerender_markdown", "--now", stdout=out)
    question = Question.objects.get(pk=question.pk)
    assert "tracker.example" not in question.answer_html
    assert "<strong>kept</strong>" in question.answer_html
    assert (question.version, question.history.count()) == (version, revisions)
    assert "1 rendered again" in out.getvalue()
