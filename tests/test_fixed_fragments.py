"""`{% fixed_include %}`: the header's fragments that depend on nothing but
the language and the site's addresses, rendered once per process."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.test import Client
from django.urls import set_script_prefix
from django.utils import translation

from questions.templatetags import site_links
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _fixed_templates() -> set[str]:
    names = set()
    for path in TEMPLATES.rglob("*.html"):
        names.update(re.findall(r'{% fixed_include "([^"]+)" %}', path.read_text()))
    return names


def _nav(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def test_every_page_uses_the_fixed_fragments():
    assert _fixed_templates() == {
        "includes/head_links.html",
        "includes/nav.html",
        "includes/language_select.html",
    }


@pytest.mark.parametrize("name", sorted(_fixed_templates()))
def test_fixed_fragment_does_not_read_the_request(rf, name):
    # Rendered once and shown to everyone: a fragment that read the page,
    # the visitor or their session would show one visitor's to all.
    site_links._fixed_fragments.clear()
    request = rf.get("/search/?q=secret", HTTP_ACCEPT_LANGUAGE="en")
    request.user = UserFactory(username="somebody")
    template = get_template(name)
    context = {"request": request, "user": request.user, "search_text": "secret", "messages": ["hello"]}
    assert template.render(context, request) == template.render({})


def test_fixed_fragments_follow_the_language(client):
    question = QuestionFactory()
    chinese = _nav(client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    english = _nav(Client().get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "编程" in chinese
    assert "Coding" not in chinese
    assert "Coding" in english
    assert "编程" not in english
    again = _nav(Client().get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert again == chinese


def test_language_menu_marks_the_current_language(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="en" selected>' in html
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="zh-hans" selected>' in html
    assert '<option value="en">' in html


def test_fixed_fragments_follow_the_script_prefix_and_the_urlconf(settings):
    with translation.override("en"):
        assert 'href="/c/coding/"' in site_links.fixed_include("includes/nav.html")
        set_script_prefix("/mounted/")
        try:
            assert 'href="/mounted/c/coding/"' in site_links.fixed_include("includes/nav.html")
        finally:
            set_script_prefix("/")
        settings.ROOT_URLCONF = "tests.urls_mounted"
        assert 'href="/bank/c/coding/"' in site_links.fixed_include("includes/nav.html")


def test_fixed_fragments_are_rendered_every_time_while_debugging(settings, monkeypatch):
    settings.DEBUG = True
    renders = []
    real = get_template

    def counting(name):
        renders.append(name)
        return real(name)

    monkeypatch.setattr(site_links, "get_template", counting)
    site_links.fixed_include("includes/nav.html")
    site_links.fixed_include("includes/nav.html")
    assert renders == ["includes/nav.html", "includes/nav.html"]
    settings.DEBUG = False
    site_links.fixed_include("includes/nav.html")
    site_links.fixed_include("includes/nav.html")
    assert len(renders) == 3
