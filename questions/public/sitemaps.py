"""sitemap.xml: published questions, categories, tags and source articles.

Every <loc> is on settings.SITE_URL. Django's sitemap views take the domain
from the request (RequestSite, without django.contrib.sites) and its index
view uses it directly, so the sections say where they live (`get_domain`,
`protocol`) and the index is our own view over Django's template.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property

from ..links import canonical_url
from ..models import Category, ContentVersion, Question, Source, Tag
from .browse import CountedPaginator, KeysFirst


class CanonicalSitemap(Sitemap):
    """Addresses on SITE_URL, whatever Host the request named."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class QuestionSitemap(CanonicalSitemap):
    # Pages of 1,000 (the protocol allows 50,000): a page renders in well
    # under 100 ms with the cache cold (5,000 took ~0.3 s), then is cached
    # like any public page.
    limit = 1000

    def items(self):
        return Question.objects.published().only("slug", "updated_at").order_by("created_at", "pk")

    def lastmod(self, question):
        return question.updated_at

    @cached_property
    def paginator(self):
        # The kept counts, not a COUNT over the bank, say how many pages.
        count = Category.objects.aggregate(total=Sum("published_count"))["total"] or 0
        return CountedPaginator(KeysFirst(self.items()), self.limit, count=count)

    def get_latest_lastmod(self):
        """For the index: when public content last changed (the content
        version's time), instead of Django's default, which reads every
        published question (1.4 s at 100,000)."""
        return ContentVersion.current()[1] if self.paginator.count else None


class CategorySitemap(CanonicalSitemap):
    def items(self):
        return Category.objects.filter(published_count__gt=0)


class TagSitemap(CanonicalSitemap):
    limit = 5000

    def items(self):
        return Tag.objects.filter(published_count__gt=0).only("slug").order_by("pk")


class SourceSitemap(CanonicalSitemap):
    def items(self):
        return Source.objects.visible(sees_unpublished=False).only("slug").order_by("pk")


SITEMAPS = {
    "questions": QuestionSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
}


@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name):
    """Django's sitemap index (its template, its entries: a section, then each
    further page of it as ?p=N) with the sections' addresses on SITE_URL."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = canonical_url(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
