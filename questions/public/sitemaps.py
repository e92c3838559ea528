"""sitemap.xml: published questions, categories, tags and source articles.

Every <loc> is on settings.SITE_URL, whatever Host the request named.

A section's pages are ranges of primary keys, not counts: page p of a
section lists its public rows with `first + (p-1)·width <= id < first + p·width`
(`first`: the section's lowest public id), an index range scan that costs
the same on the last page of a million questions as on the first. A page
holds at most `width` addresses; fewer where ids were skipped (drafts,
deletions), none at worst — a valid, empty urlset. Each page is rendered
with string joins from values() rows and `questions/links.py` (Django's
sitemap template and a `reverse()` per address were 40–50 ms of a cold
page of 1,000). Pages are then cached like any public page.
"""

from dataclasses import dataclass
from html import escape

from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.timezone import localtime

from ..links import canonical_url, slug_url
from ..models import Category, ContentVersion, Question, Source, Tag

XML = "application/xml"
_URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)
_INDEX_START = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


@dataclass(frozen=True)
class Section:
    rows: object  # () → the public rows' queryset
    url_name: str  # a page of one slug
    width: int  # ids per page
    lastmod: str | None = None  # a datetime field written as <lastmod>

    def bounds(self) -> tuple[int | None, int | None]:
        """The lowest and highest public id: two index probes."""
        found = self.rows().aggregate(first=Min("pk"), last=Max("pk"))
        return found["first"], found["last"]

    def page_count(self, bounds) -> int:
        first, last = bounds
        return 0 if first is None else (last - first) // self.width + 1

    def page(self, number: int, first: int) -> str:
        start = first + (number - 1) * self.width
        fields = ("slug", self.lastmod) if self.lastmod else ("slug",)
        rows = (
            self.rows().filter(pk__gte=start, pk__lt=start + self.width).order_by("pk").values_list(*fields)
        )
        parts = [_URLSET_START]
        for row in rows:
            loc = escape(canonical_url(slug_url(self.url_name, row[0])), quote=False)
            if self.lastmod:
                parts.append(f"<url><loc>{loc}</loc><lastmod>{localtime(row[1]):%Y-%m-%d}</lastmod></url>")
            else:
                parts.append(f"<url><loc>{loc}</loc></url>")
        parts.append("</urlset>\n")
        return "".join(parts)


SECTIONS = {
    "questions": Section(
        # Oldest first (ids follow creation), each with its last change. 500
        # a page: an address with its percent-encoded Chinese slug is ~150
        # bytes, and a page of 1,000 (~150 KB) served warm at 74 % of the
        # trivial view against 84 % for ~75 KB (bench-http, 100,000 questions).
        lambda: Question.objects.published(),
        "questions:detail",
        width=500,
        lastmod="updated_at",
    ),
    "categories": Section(lambda: Category.objects.filter(published_count__gt=0), "questions:category", 1000),
    "tags": Section(lambda: Tag.objects.filter(published_count__gt=0), "questions:tag", 5000),
    "sources": Section(lambda: Source.objects.visible(sees_unpublished=False), "questions:source", 1000),
}


@x_robots_tag
def sitemap_section(request, section: str):
    """A page (?p=N, from 1) of a section."""
    if section not in SECTIONS:
        raise Http404("No such sitemap section.")
    sitemap = SECTIONS[section]
    try:
        number = int(request.GET.get("p", 1))
    except ValueError:
        raise Http404("No page.") from None
    bounds = sitemap.bounds()
    if not 1 <= number <= max(sitemap.page_count(bounds), 1):
        raise Http404("No page.")
    body = sitemap.page(number, bounds[0]) if bounds[0] is not None else _URLSET_START + "</urlset>\n"
    return HttpResponse(body, content_type=XML)


@x_robots_tag
def sitemap_index(request):
    """Each section, then each further page of it as ?p=N, on SITE_URL. The
    questions' lastmod is the time of the last public change (the content
    version's), not a read of every question."""
    changed_at = None
    parts = [_INDEX_START]
    for name, sitemap in SECTIONS.items():
        location = escape(canonical_url(reverse("questions:sitemap-section", kwargs={"section": name})))
        pages = sitemap.page_count(sitemap.bounds())
        lastmod = ""
        if name == "questions" and pages:
            changed_at = changed_at or ContentVersion.current()[1]
            lastmod = f"<lastmod>{localtime(changed_at).isoformat()}</lastmod>"
        parts.append(f"<sitemap><loc>{location}</loc>{lastmod}</sitemap>")
        parts += [
            f"<sitemap><loc>{location}?p={page}</loc>{lastmod}</sitemap>" for page in range(2, pages + 1)
        ]
    parts.append("</sitemapindex>\n")
    return HttpResponse("".join(parts), content_type=XML)
