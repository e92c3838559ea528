"""The filters of the search page: which tags and sources it offers, how
many tags are checkboxes, and what the rows show."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from questions.public import browse
from tests.factories import DraftFactory, QuestionFactory, TagFactory, questions_in_bulk
from tests.scale import at_scale

pytestmark = pytest.mark.django_db

SEARCH = reverse("questions:search")


def offered_tags(response):
    return [name for _slug, name in response.context["form"].fields["tag"].choices]


def checkboxes(response):
    return [name for _slug, name in response.context["form"].fields["tag"].widget.choices]


def test_the_public_is_offered_the_tags_of_published_questions_only(client, editor_client):
    shared, public, secret = TagFactory(name="shared"), TagFactory(name="public"), TagFactory(name="secret")
    QuestionFactory(tags=[shared, public])
    QuestionFactory(tags=[shared])
    DraftFactory(tags=[shared, secret])
    assert offered_tags(client.get(SEARCH)) == ["shared", "public"]  # most used first
    assert set(offered_tags(editor_client.get(SEARCH))) == {"shared", "public", "secret"}


def test_only_the_chosen_and_the_most_used_tags_are_checkboxes(client, monkeypatch):
    monkeypatch.setattr(browse, "SHOWN_TAGS", 2)
    common, usual, rare, rarer = (TagFactory(name=name) for name in ("common", "usual", "rare", "rarer"))
    for tags in ([common, usual], [common, usual], [common, rare], [rarer]):
        QuestionFactory(title="模型", tags=tags)
    response = client.get(SEARCH, {"q": "模型"}, headers={"accept-language": "en"})
    assert checkboxes(response) == ["common", "usual"]
    html = response.content.decode()
    assert 'value="rare"' not in html
    assert 'href="?q=%E6%A8%A1%E5%9E%8B&amp;all_tags=1">2 more tags</a>' in html

    # A tag that is not a checkbox still filters, and shows as one once chosen.
    response = client.get(SEARCH, {"q": "模型", "tag": "rarer"})
    assert checkboxes(response) == ["common", "rarer", "usual"]
    assert len(response.context["results"].items) == 1
    assert 'value="rarer" id="id_tag_1" checked' in response.content.decode()

    # Every tag on request, and still after the form is sent again.
    response = client.get(SEARCH, {"q": "模型", "all_tags": "1"}, headers={"accept-language": "en"})
    assert checkboxes(response) == ["common", "rare", "rarer", "usual"]
    html = response.content.decode()
    assert "more tags</a>" not in html
    assert '<input type="hidden" name="all_tags" value="1">' in html


def test_filter_menus_render_as_django_would(client):
    tag = TagFactory(name="GPU & <TPU>")
    QuestionFactory(title="Hardware", tags=[tag])
    html = client.get(SEARCH, {"category": "coding", "tag": tag.slug}).content.decode()
    assert '<select name="category" id="id_category">' in html
    assert '<option value="coding" selected>' in html
    assert '<option value="">' in html
    assert (
        f'<div id="id_tag"><div>\n    <label for="id_tag_0"><input type="checkbox" name="tag" '
        f'value="{tag.slug}" id="id_tag_0" checked> GPU &amp; &lt;TPU&gt;</label></div>\n</div>'
    ) in html


def test_titles_and_tags_are_escaped_in_results_and_lists(client):
    QuestionFactory(title="<b>模型</b> & co", tags=[TagFactory(name="<i>tag</i>")])
    for params in ({"q": "模型"}, {}):
        html = client.get(SEARCH, params).content.decode()
        assert "<b>" not in html
        assert "<i>tag</i>" not in html
        assert "#&lt;i&gt;tag&lt;/i&gt;" in html
    assert (
        "&lt;b&gt;<mark>模型</mark>&lt;/b&gt; &amp; co" in client.get(SEARCH, {"q": "模型"}).content.decode()
    )
    assert "&lt;b&gt;模型&lt;/b&gt; &amp; co" in client.get(SEARCH).content.decode()


@pytest.mark.parametrize("tags", [3, at_scale(60)])
def test_the_results_page_runs_as_many_queries_with_many_tags(client, django_assert_max_num_queries, tags):
    questions_in_bulk({"title": f"大模型 {i}", "tags": [TagFactory(name=f"t{i}")]} for i in range(tags))
    # The content version, categories, tags, sources, title matches, the
    # capped count, the page's rows, their tags; and, in a test's
    # transaction, the search's time limit: a savepoint, reading it, putting
    # it back, the release (in production none: each statement carries it).
    with django_assert_max_num_queries(11):
        response = client.get(SEARCH, {"q": "大模型"})
    assert len(response.context["results"].items) == min(tags, browse.RESULTS_PER_PAGE)
    assert len(checkboxes(response)) == min(tags, browse.SHOWN_TAGS)


def test_the_publics_filter_choices_are_read_once_per_content_version(client, django_assert_num_queries):
    tag = TagFactory(name="kept")
    QuestionFactory(title="模型 one", tags=[tag])
    assert offered_tags(client.get(SEARCH, {"q": "模型"})) == ["kept"]
    # Another query, not in the page cache: the choices are not read again
    # (the content version, the search's round trips, the page's rows, and the
    # time limit's four statements in a test's transaction).
    with django_assert_num_queries(8):
        assert offered_tags(client.get(SEARCH, {"q": "one"})) == ["kept"]
    # A public change moves the version: the next page offers the new tag.
    QuestionFactory(title="模型 two", tags=[TagFactory(name="new")])
    assert set(offered_tags(client.get(SEARCH, {"q": "two"}))) == {"kept", "new"}


def test_editors_filter_choices_are_read_live(client, editor_client):
    QuestionFactory(title="模型 one", tags=[TagFactory(name="kept")])
    client.get(SEARCH, {"q": "模型"})  # the public's choices, kept
    DraftFactory(tags=[TagFactory(name="secret")])  # moves no version
    assert "secret" in offered_tags(editor_client.get(SEARCH, {"q": "模型"}))
    assert "secret" not in offered_tags(client.get(SEARCH, {"q": "one"}))


@pytest.fixture
def rendered_selects(settings, monkeypatch):
    """The select boxes rendered (not taken from a fragment), with the
    fragments kept as in production (the suite runs with DEBUG on, where
    they are not)."""
    settings.CACHES = {
        **settings.CACHES,
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "filters",
        },
    }
    caches["template_fragments"].clear()
    rendered = []
    render = browse.browse_widgets.Select.render

    def counting(self, *args, **kwargs):
        rendered.append(self)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(browse.browse_widgets.Select, "render", counting)
    return rendered


def _filters(html):
    return html.split('<div class="browse-filters">')[1].split("</form>")[0]


def test_the_publics_filter_fields_are_rendered_once_per_version_and_choice(client, rendered_selects):
    QuestionFactory(title="模型 one", tags=[TagFactory(name="kept")])
    first = client.get(SEARCH, {"q": "模型"}).content.decode()
    assert rendered_selects
    rendered_selects.clear()
    # Other words, the same filters: the fields come from the fragment.
    again = client.get(SEARCH, {"q": "one"}).content.decode()
    assert not rendered_selects
    assert _filters(first) == _filters(again)
    # Another choice, or no words (the order offered first is newest): rendered anew.
    chosen = client.get(SEARCH, {"q": "one", "difficulty": "hard"}).content.decode()
    assert rendered_selects
    assert '<option value="hard" selected>' in chosen
    rendered_selects.clear()
    assert '<option value="newest" selected>' in client.get(SEARCH).content.decode()
    rendered_selects.clear()
    # A public change moves the version: the new tag is offered at once.
    QuestionFactory(title="模型 two", tags=[TagFactory(name="new")])
    assert 'value="new"' in client.get(SEARCH, {"q": "two"}).content.decode()
    assert rendered_selects


def test_a_fragment_shows_nothing_of_another_request(client, rendered_selects):
    QuestionFactory(title="模型 one")
    hostile = client.get(SEARCH, {"q": "模型", "category": '<script>alert("x")</script>'}).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in _filters(hostile)  # the error, escaped
    assert "<script>alert" not in hostile
    assert "alert" not in _filters(client.get(SEARCH, {"q": "模型"}).content.decode())


def test_editors_filter_fields_are_rendered_every_time(editor_client, rendered_selects):
    QuestionFactory(title="模型 one")
    editor_client.get(SEARCH, {"q": "模型"})
    rendered_selects.clear()
    editor_client.get(SEARCH, {"q": "one"})
    assert rendered_selects
