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


def _fixed_templates() -> dict[str, tuple[str, ...]]:
    """Each fragment included with {% fixed_include %}, and its slots."""
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        for name, slots in re.findall(r'{% fixed_include "([^"]+)"([^%]*)%}', path.read_text()):
            found[name] = tuple(re.findall(r"(\w+)=", slots))
    return found


def _nav(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def _header(search_text="", here="/"):
    return site_links.fixed_include("includes/site_header.html", search_text=search_text, here=here)


def test_every_page_uses_the_fixed_fragments():
    assert _fixed_templates() == {
        "includes/head_links.html": (),
        "includes/site_header.html": ("search_text", "here"),
        "includes/sign_in_links.html": ("login_href",),
    }


HOSTILE = """<script>alert("x")</script> & 'quotes'"""


@pytest.mark.parametrize(("name", "slots"), sorted(_fixed_templates().items()))
def test_fixed_fragment_reads_nothing_but_its_slots(rf, name, slots):
    # Rendered once and shown to everyone: a fragment that read the page,
    # the visitor or their session would show one visitor's to all.
    site_links._fixed_fragments.clear()
    request = rf.get("/search/?q=secret", HTTP_ACCEPT_LANGUAGE="en")
    request.user = UserFactory(username="somebody")
    values = {slot: f"{HOSTILE} {slot}" for slot in slots}
    context = {
        "request": request,
        "user": request.user,
        "search_text": "secret",
        "messages": ["hello"],
        **values,
    }
    expected = get_template(name).render(context, request)
    assert site_links.fixed_include(name, **values) == expected
    assert site_links.fixed_include(name, **values) == expected  # and from the memo
    for slot in slots:
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27; " + slot in expected
        )


def test_slot_values_differ_from_page_to_page():
    first = _header(search_text="first words")
    second = _header(search_text="<b>second</b>", here="/q/x/?a=1&b=2")
    empty = _header(search_text=None)
    assert 'value="first words"' in first
    assert 'value="&lt;b&gt;second&lt;/b&gt;"' in second
    assert 'value=""' in empty
    assert 'value="/q/x/?a=1&amp;b=2"' in second


def test_search_box_shows_the_search_words_escaped(client):
    html = client.get("/search/", {"q": '"><script>x</script>'}).content.decode()
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert 'value=""' in Client().get("/").content.decode()


def test_language_menu_brings_the_reader_back_to_this_page(client):
    question = QuestionFactory()
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'<input name="next" type="hidden" value="{question.get_absolute_url()}">' in html


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
        assert 'href="/c/coding/"' in _header()
        set_script_prefix("/mounted/")
        try:
            assert 'href="/mounted/c/coding/"' in _header()
        finally:
            set_script_prefix("/")
        settings.ROOT_URLCONF = "tests.urls_mounted"
        assert 'href="/bank/c/coding/"' in _header()


def test_fixed_fragments_are_rendered_every_time_while_debugging(settings, monkeypatch):
    settings.DEBUG = True
    renders = []
    real = get_template

    def counting(name):
        renders.append(name)
        return real(name)

    monkeypatch.setattr(site_links, "get_template", counting)
    site_links.fixed_include("includes/head_links.html")
    site_links.fixed_include("includes/head_links.html")
    assert renders == ["includes/head_links.html", "includes/head_links.html"]
    settings.DEBUG = False
    site_links.fixed_include("includes/head_links.html")
    site_links.fixed_include("includes/head_links.html")
    assert len(renders) == 3


def test_fixed_fragments_kept_are_bounded_whatever_the_script_prefixes(monkeypatch):
    # The script prefix comes from the server's environ (a proxy's SCRIPT_NAME).
    monkeypatch.setattr(site_links, "_MAX_FRAGMENTS", 5)
    site_links._fixed_fragments.clear()
    try:
        for number in range(20):
            set_script_prefix(f"/prefix{number}/")
            assert f'href="/prefix{number}/c/coding/"' in _header()
            assert len(site_links._fixed_fragments) <= 5
    finally:
        set_script_prefix("/")
