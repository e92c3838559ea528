"""Absolute links come from SITE_URL, never from the Host a request names.

Every public page is cached and shared: a client naming another allowed host
(or http instead of https) must never change what the next reader gets."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import QuestionFactory, SourceFactory, TagFactory, UserFactory
from tests.jobs_helpers import run_queued_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SITE = "https://qbank.example"
OTHER_HOST = "mirror.example"
ABSOLUTE = re.compile(r"\bhttps?://[^\s\"'<>/]+")
# What the page templates name that is no address of ours: XML namespaces.
NOT_OURS = {"http://www.sitemaps.org", "http://www.w3.org"}


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["qbank.example", OTHER_HOST, "testserver"]


@pytest.fixture
def bank(db):
    source = SourceFactory(slug="article")
    question = QuestionFactory(tags=[TagFactory(name="gpu")], source=source, source_position=1)
    return question


def _public_pages(question) -> list[str]:
    return [
        "/",
        "/c/concept/",
        question.get_absolute_url(),
        "/sources/article/",
        "/search/?q=number",
        "/tags/",
        "/tags/gpu/",
        "/feed.atom",
        "/sitemap.xml",
        *(f"/sitemap-{section}.xml" for section in ("questions", "categories", "tags", "sources")),
    ]


def _origins(text: str) -> set[str]:
    return set(ABSOLUTE.findall(text)) - NOT_OURS


@pytest.mark.parametrize("secure", [False, True])
def test_another_host_never_changes_the_addresses_the_next_reader_gets(client, site, bank, secure):
    for url in _public_pages(bank):
        for _ in range(4):
            asked = client.get(url, headers={"host": OTHER_HOST}, secure=secure)
            assert asked.status_code == 200, url
            assert OTHER_HOST not in asked.content.decode(), url
        normal = client.get(url, headers={"host": "qbank.example"}, secure=True)
        assert normal.status_code == 200, url
        assert _origins(normal.content.decode()) <= {SITE}, url


def test_sitemaps_and_the_feed_link_on_the_site_address(client, site, bank):
    pages = {
        url: client.get(url, headers={"host": OTHER_HOST}).content.decode() for url in _public_pages(bank)
    }
    assert f"<loc>{SITE}/sitemap-questions.xml</loc>" in pages["/sitemap.xml"]
    assert f"<loc>{SITE}{bank.get_absolute_url()}</loc>" in pages["/sitemap-questions.xml"]
    assert f"<loc>{SITE}/c/concept/</loc>" in pages["/sitemap-categories.xml"]
    assert f"<loc>{SITE}/tags/gpu/</loc>" in pages["/sitemap-tags.xml"]
    assert f"<loc>{SITE}/sources/article/</loc>" in pages["/sitemap-sources.xml"]
    feed = pages["/feed.atom"]
    assert f'<link href="{SITE}/" rel="alternate"/>' in feed
    assert f'<link href="{SITE}/feed.atom" rel="self"/>' in feed
    assert f"<id>{SITE}/</id>" in feed
    assert f"<id>{SITE}{bank.get_absolute_url()}</id>" in feed
    assert f'<link href="{SITE}{bank.get_absolute_url()}" rel="alternate"/>' in feed


def test_each_host_has_its_own_cached_pages(client, site, bank, django_assert_num_queries):
    client.get("/sitemap-questions.xml", headers={"host": OTHER_HOST})
    with django_assert_num_queries(1):  # the mirror's copy: the content version only
        client.get("/sitemap-questions.xml", headers={"host": OTHER_HOST})
    with django_assert_num_queries(3):  # rendered afresh for this host, not the mirror's
        client.get("/sitemap-questions.xml", headers={"host": "qbank.example"})


def test_password_reset_link_is_on_the_site_address_whatever_the_host(client, site):
    UserFactory(username="ada", email="ada@example.com")
    response = client.post(
        reverse("accounts:password_reset"), {"email": "ada@example.com"}, headers={"host": OTHER_HOST}
    )
    assert response.status_code == 302
    assert run_queued_jobs() == ["accounts.send_password_reset"]
    body = mail.outbox[0].body
    assert OTHER_HOST not in body
    assert re.search(rf"^{re.escape(SITE)}/accounts/password/reset/\S+/$", body, re.MULTILINE)
    assert "qbank.example" in body.splitlines()[0]
