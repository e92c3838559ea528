"""sitemap.xml, the Atom feed and /healthz."""

from dataclasses import replace
from xml.etree import ElementTree

import pytest
from django.utils.timezone import localtime

from qbank import health
from questions.models import Question
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_sitemap_lists_public_pages_only(client):
    source = SourceFactory()
    public = QuestionFactory(tags=[TagFactory(name="public-tag")], source=source, source_position=1)
    draft = DraftFactory(tags=[TagFactory(name="draft-tag")], source=SourceFactory())
    index = _get(client, "/sitemap.xml")
    for section in ("questions", "categories", "tags", "sources"):
        assert f"/sitemap-{section}.xml" in index
    assert public.get_absolute_url() in _get(client, "/sitemap-questions.xml")
    assert draft.get_absolute_url() not in _get(client, "/sitemap-questions.xml")
    assert "/tags/public-tag/" in _get(client, "/sitemap-tags.xml")
    assert "/tags/draft-tag/" not in _get(client, "/sitemap-tags.xml")
    assert source.get_absolute_url() in _get(client, "/sitemap-sources.xml")
    assert draft.source.get_absolute_url() not in _get(client, "/sitemap-sources.xml")
    assert "/c/concept/" in _get(client, "/sitemap-categories.xml")
    assert "/c/coding/" not in _get(client, "/sitemap-categories.xml")


def test_sitemap_and_feed_are_cached_and_show_a_publication_at_once(client, superuser):
    from questions.editorial.workflow import apply_transition

    question = DraftFactory(title="Feed newcomer", status=Question.Status.REVIEW)
    for url in ("/sitemap-questions.xml", "/feed.atom"):
        response = client.get(url)
        assert "ETag" in response
        assert question.get_absolute_url() not in response.content.decode()
    apply_transition(question.pk, "publish", superuser)
    assert question.get_absolute_url() in _get(client, "/sitemap-questions.xml")
    assert "Feed newcomer" in _get(client, "/feed.atom")


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-questions.xml"])
def test_a_sitemap_served_from_the_cache_keeps_its_robots_header(client, url):
    QuestionFactory()
    built, cached = client.get(url), client.get(url)
    assert built["X-Robots-Tag"] == cached["X-Robots-Tag"]
    assert "noindex" in cached["X-Robots-Tag"]
    assert cached.content == built.content


def test_feed_is_atom_with_the_latest_published_questions_first(client):
    older = QuestionFactory(title="Older one")
    newer = QuestionFactory(title="Newer one")
    Question.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2020))
    DraftFactory(title="Unpublished one")
    response = client.get("/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert text.index("Newer one") < text.index("Older one")
    assert "Unpublished one" not in text


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_cache_is_unreachable(client, monkeypatch):
    def unreachable():
        raise ConnectionError("cache down")

    monkeypatch.setattr(health, "_cache_ok", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_sitemap_pages_questions_oldest_first_without_reading_the_whole_bank(
    client, monkeypatch, django_assert_max_num_queries
):
    from questions.public import sitemaps

    monkeypatch.setitem(sitemaps.SECTIONS, "questions", replace(sitemaps.SECTIONS["questions"], width=2))
    questions = [QuestionFactory(title=f"Mapped {i}") for i in range(5)]
    DraftFactory()
    index = _get(client, "/sitemap.xml")
    assert "/sitemap-questions.xml?p=3" in index
    assert "/sitemap-questions.xml?p=4" not in index
    assert "<lastmod>" in index
    pages = []
    for number in (1, 2, 3):
        # The content version, the section's first and last id, the page's rows.
        with django_assert_max_num_queries(3):
            pages.append(_get(client, f"/sitemap-questions.xml?p={number}"))
    listed = [q for q in questions for page in pages if q.get_absolute_url() in page]
    assert listed == questions
    assert [sum(q.get_absolute_url() in page for q in questions) for page in pages] == [2, 2, 1]


def test_sitemap_index_lastmod_is_the_last_public_change(client):
    from questions.models import ContentVersion

    QuestionFactory()
    changed_at = localtime(ContentVersion.current()[1])
    assert f"<lastmod>{changed_at:%Y-%m-%dT%H:%M:%S}" in _get(client, "/sitemap.xml")


def test_a_sitemap_page_is_a_range_of_ids_so_the_last_page_costs_what_the_first_does(
    client, monkeypatch, django_assert_max_num_queries
):
    from questions.public import sitemaps

    monkeypatch.setitem(sitemaps.SECTIONS, "questions", replace(sitemaps.SECTIONS["questions"], width=3))
    questions = [QuestionFactory() for _ in range(7)]
    questions[4].status = Question.Status.DRAFT  # a gap: its page holds two
    questions[4].save()
    counts = []
    for number in (1, 2, 3):
        with django_assert_max_num_queries(3) as captured:
            page = _get(client, f"/sitemap-questions.xml?p={number}")
        counts.append(len(ElementTree.fromstring(page.encode())))
        assert "OFFSET" not in " ".join(q["sql"] for q in captured.captured_queries)
    assert counts == [3, 2, 1]
    assert client.get("/sitemap-questions.xml?p=4").status_code == 404
    assert client.get("/sitemap-questions.xml?p=0").status_code == 404
    assert client.get("/sitemap-questions.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_sitemap_page_is_well_formed_xml_whatever_the_slug(client, settings):
    question = QuestionFactory(slug="a&b<c>")
    tag = TagFactory(name="R&D", slug="r&d")
    question.tags.add(tag)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for section, page_url in (("questions", question.get_absolute_url()), ("tags", tag.get_absolute_url())):
        urls = ElementTree.fromstring(_get(client, f"/sitemap-{section}.xml").encode())
        assert [url.find(f"{namespace}loc").text for url in urls] == [settings.SITE_URL + page_url]
    urls = ElementTree.fromstring(_get(client, "/sitemap-questions.xml").encode())
    # The day in the site's time zone, as Django's sitemaps wrote it.
    assert urls[0].find(f"{namespace}lastmod").text == f"{localtime(question.updated_at):%Y-%m-%d}"


def test_an_empty_sitemap_section_is_an_empty_urlset(client):
    page = _get(client, "/sitemap-sources.xml")
    assert len(ElementTree.fromstring(page.encode())) == 0
