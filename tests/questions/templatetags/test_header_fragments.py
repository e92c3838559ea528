"""The header's fragments that depend on nothing but the language and the
site's addresses, kept with Django's `{% cache %}` in the template_fragments
cache; the values that differ from page to page are printed between them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.template import RequestContext
from django.template.loader import get_template
from django.templatetags.cache import CacheNode
from django.test import Client
from django.urls import set_script_prefix
from django.utils import translation

from qbank.caches import LOCAL_MEMORY
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _cache_tags() -> dict[str, tuple[str, str]]:
    """{fragment name: (template, what it is keyed by)} for every {% cache %}."""
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        for timeout, name, vary_on in re.findall(r"{% cache (\S+) (\S+) ?([^%]*)%}", path.read_text()):
            assert timeout == "None", (path, name)  # code, not content: nothing to expire
            if name == "question_article":
                continue  # the question's text, keyed by the content: test_question_fragments.py
            if name in ("search_filter_fields", "search_tag_filter"):
                continue  # the search filters, keyed by the content and the choice: test_search_filters.py
            if name == "practice_badges":
                continue  # the practice card's badges, keyed by the content: tests/practice/test_shared.py
            found[name] = (str(path.relative_to(TEMPLATES)), vary_on.strip())
    return found


def _nav(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def _header(rf, search_text="", path="/"):
    request = rf.get(path)
    request.user = AnonymousUser()
    return get_template("base.html").render({"search_text": search_text}, request)


def test_every_page_uses_the_cached_fragments_keyed_by_language_and_addresses():
    assert _cache_tags() == {
        "head_links": ("base.html", "addresses"),
        "site_header_top": ("includes/site_header.html", "LANGUAGE_CODE addresses"),
        "site_header_middle": ("includes/site_header.html", "LANGUAGE_CODE addresses"),
        "site_header_bottom": ("includes/site_header.html", "LANGUAGE_CODE addresses"),
        # Which link is the current page's is in the key.
        "practice_nav": (
            "practice/includes/subnav.html",
            "LANGUAGE_CODE addresses request.resolver_match.url_name",
        ),
        # Which scripts the page needs is in the key.
        "page_scripts": (
            "includes/page_scripts.html",
            "LANGUAGE_CODE addresses page_scripts.diagrams page_scripts.run_python",
        ),
    }


def test_fragments_are_kept_in_production_and_not_while_debugging(read_settings):
    # The suite's settings are read with DEBUG on (tests/settings.py).
    assert settings.CACHES["template_fragments"]["BACKEND"].endswith("DummyCache")
    production = read_settings(SECRET_KEY="y" * 60, SITE_URL="https://qbank.example")
    assert production["CACHES"]["template_fragments"]["BACKEND"] == LOCAL_MEMORY


HOSTILE = """<script>alert("x")</script> & 'quotes'"""


MARK = "zzpage"  # in every value of the pages below


def _page(rf, user, path):
    request = rf.get(path, HTTP_ACCEPT_LANGUAGE="en")
    request.user = user
    request.session = {}
    return request


@pytest.mark.parametrize("template_name", sorted({where for where, _ in _cache_tags().values()}))
def test_cached_fragments_read_nothing_of_the_page_or_the_visitor(rf, template_name):
    # Kept once and shown to everyone: a block that read the page, the
    # visitor or their session would show one visitor's to all. Every
    # {% cache %} block, rendered for two very different pages, must come out
    # the same, with nothing of either page in it.
    template = get_template(template_name).template
    blocks = template.nodelist.get_nodes_by_type(CacheNode)
    assert blocks
    editor = UserFactory(username=f"{HOSTILE}{MARK}", is_staff=True, is_superuser=True)
    values = {
        name: f"{HOSTILE}{MARK}"
        for name in ("search_text", "here", "login_href", "question", "page", "form", "results", "title")
    }
    pages = [
        (_page(rf, AnonymousUser(), "/"), {}),
        (
            _page(rf, editor, f"/search/?q={MARK}&next={HOSTILE}"),
            {**values, "messages": [f"{HOSTILE}{MARK}"], "preview": True},
        ),
    ]
    rendered = []
    for request, extra in pages:
        with translation.override("en"):
            context = RequestContext(request, extra)
            with context.bind_template(template):
                rendered.append([block.nodelist.render(context) for block in blocks])
    assert rendered[0] == rendered[1]
    for html in rendered[0]:
        assert "alert" not in html
        assert MARK not in html


def test_page_values_between_the_cached_blocks_differ_from_page_to_page_escaped(rf, fragments):
    with translation.override("en"):
        first = _header(rf, search_text="first words")
        second = _header(rf, search_text="<b>second</b>", path="/q/x/?a=1&b=2")
        empty = _header(rf, search_text=None)
        hostile = _header(rf, search_text=HOSTILE, path='/q/x/?"><script>=1')
    assert 'value="first words"' in first
    assert 'value="&lt;b&gt;second&lt;/b&gt;"' in second
    assert 'name="q" value=""' in empty
    assert 'value="/q/x/?a=1&amp;b=2"' in second
    assert "<script>" not in hostile
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"' in hostile
    assert '<input name="next" type="hidden" value="/q/x/?%22%3E%3Cscript%3E=1">' in hostile
    # The same cached markup around each page's values.
    cached = [
        re.sub(r'value="[^"]*"|href="/accounts/(login|signup)/[^"]*"', "", html)
        for html in (first, second, empty, hostile)
    ]
    assert len(set(cached)) == 1


def test_search_box_shows_the_search_words_escaped(client, fragments):
    html = client.get("/search/", {"q": '"><script>x</script>'}).content.decode()
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert 'name="q" value=""' in Client().get("/").content.decode()


def test_language_menu_brings_the_reader_back_to_this_page(client, fragments):
    first, second = QuestionFactory.create_batch(2)
    for question in (first, second):
        html = client.get(question.get_absolute_url()).content.decode()
        assert f'<input name="next" type="hidden" value="{question.get_absolute_url()}">' in html


def test_sign_in_link_brings_the_reader_back_to_this_page(client, fragments):
    question = QuestionFactory()
    html = client.get(question.get_absolute_url(), {"a": "1"}).content.decode()
    assert f'<a href="/accounts/login/?next={question.get_absolute_url()}%3Fa%3D1">' in html


def test_fixed_fragments_follow_the_language(client, fragments):
    question = QuestionFactory()
    chinese = _nav(client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    english = _nav(Client().get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "编程" in chinese
    assert "Coding" not in chinese
    assert "Coding" in english
    assert "编程" not in english
    again = _nav(Client().get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert again == chinese


def test_language_menu_marks_the_current_language(client, fragments):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="en" selected>' in html
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="zh-hans" selected>' in html
    assert '<option value="en">' in html


def test_fixed_fragments_follow_the_script_prefix_and_the_urlconf(rf, settings, fragments):
    with translation.override("en"):
        assert 'href="/c/coding/"' in _header(rf)
        for number in range(3):
            set_script_prefix(f"/mounted{number}/")
            try:
                assert f'href="/mounted{number}/c/coding/"' in _header(rf)
            finally:
                set_script_prefix("/")
        assert 'href="/c/coding/"' in _header(rf)
        settings.ROOT_URLCONF = "tests.urls_mounted"
        assert 'href="/bank/c/coding/"' in _header(rf)


def test_fragments_are_kept_once_rendered(rf, fragments, monkeypatch):
    with translation.override("en"):
        before = _header(rf)
        # A header rendered from the cache does not run its links again
        # (the account links, outside the cached blocks, do).
        from questions.templatetags import site_links

        monkeypatch.setattr(site_links, "fixed_url", lambda *args: "/not-looked-up/")
        again = _header(rf)
        assert _nav(again) == _nav(before)
        assert 'action="/search/"' in again
        caches["template_fragments"].clear()
        assert "/not-looked-up/" in _nav(_header(rf))
