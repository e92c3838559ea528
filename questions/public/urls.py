from django.urls import path, register_converter

from . import print_sheet, reports, views
from .feeds import LatestQuestionsFeed
from .pagecache import public_page
from .sitemaps import sitemap_index, sitemap_section


class UnicodeSlugConverter:
    """A slug that may be Chinese (什么是大模型): anything but a slash or a
    NUL, which Postgres cannot compare and would answer with an error."""

    regex = "[^/\x00]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/export.<str:fmt>", views.category_export, name="category_export"),
    path("q/<uslug:slug>/", views.question_detail, name="detail"),
    path("q/<uslug:slug>/report/", reports.report_problem, name="report"),
    path("q/<uslug:slug>/qr.svg", print_sheet.question_qr, name="question_qr"),
    path("print/", print_sheet.print_sheet, name="print"),
    path("sources/<uslug:slug>/", views.source_detail, name="source"),
    path("search/", views.search, name="search"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag"),
    path("feed.atom", public_page(LatestQuestionsFeed()), name="feed"),
    path("sitemap.xml", public_page(sitemap_index), name="sitemap"),
    path("sitemap-<section>.xml", public_page(sitemap_section, query=("p",)), name="sitemap-section"),
]
