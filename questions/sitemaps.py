"""sitemap.xml: published questions, categories, tags and source articles."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .models import Category, Question, Source, Tag


class QuestionSitemap(Sitemap):
    # Pages of 5,000 (the protocol allows 50,000): a page renders in a
    # fraction of a second and is then cached like any public page.
    limit = 5000

    def items(self):
        return Question.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, question):
        return question.updated_at


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.filter(published_count__gt=0)


class TagSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Tag.objects.filter(published_count__gt=0).only("slug").order_by("pk")


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.visible_to(AnonymousUser()).only("slug").order_by("pk")


SITEMAPS = {
    "questions": QuestionSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
}
