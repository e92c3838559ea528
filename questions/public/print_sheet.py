"""A printable sheet of questions: `/print/?<the search page's filters>`.

Any category, tag or search result (the same form and the same `find()` as
/search/, so the sheet lists what the listing lists, in its order) as one
page: every question first, then the answers from a new page on (the print
rules in static/css/site.css), each question with its address and a QR code
to it. Published questions only, unless the reader sees drafts (the rule
book's `visible_questions`).

Bounded: at most `SHEET_CAP` questions; past that the sheet says so and
links to the search page to narrow the filter. A QR code costs ~10 ms of
pure Python, so the sheet does not draw 200 of them in its request: each is
an `<img loading="lazy">` of `/q/<slug>/qr.svg`, small. A published
question's code is `public` for QR_MAX_AGE (a browser or CDN keeps it) and
drawn once for every server, kept in the shared cache (the default alias)
under the address it encodes, so a renamed slug never gets an old drawing;
a draft's (for those who see drafts) stays `private`, a day.
"""

import hashlib
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.cache import cache
from django.db import router
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .. import policies
from ..models import Question
from . import browse
from .pagecache import public_page
from .statement_limit import TooSlow, statement_time_limit

SHEET_CAP = 200
QR_MAX_AGE = 30 * 24 * 60 * 60  # a published question's code
DRAFT_QR_MAX_AGE = 24 * 60 * 60


@dataclass
class SheetEntry:
    number: int
    question: Question
    url: str


@dataclass
class Sheet:
    entries: list[SheetEntry]
    total: int  # how many match, counted up to browse.RESULTS_CAP
    more_than_total: bool

    @property
    def capped(self) -> bool:
        return self.total > len(self.entries) or self.more_than_total


def absolute_url(request, path: str) -> str:
    """The address printed and encoded: from SITE_URL, like every absolute
    link the site gives out; the request's own origin only without one."""
    base = settings.SITE_URL.rstrip("/") if settings.SITE_URL else request.build_absolute_uri("/").rstrip("/")
    return base + path


def build_sheet(request, form: browse.BrowseForm) -> Sheet:
    """The first SHEET_CAP questions the listing shows for `form`, with
    their prompts, answers and explanations (one more query for the HTML the
    listing leaves in the database)."""
    visible = policies.visible_questions(request.user)
    results = browse.find(visible, form, page_number=1, per_page=SHEET_CAP)
    questions = [item.question for item in results.items]
    texts = visible.only("body_html", "answer_html", "explanation_html", "solutions_html").in_bulk(
        [q.pk for q in questions]
    )
    entries = []
    for number, question in enumerate(questions, start=1):
        text = texts.get(question.pk)
        if text is None:  # unpublished between the two reads
            continue
        question.body_html, question.answer_html = text.body_html, text.answer_html
        question.explanation_html, question.solutions_html = text.explanation_html, text.solutions_html
        entries.append(SheetEntry(number, question, absolute_url(request, question.get_absolute_url())))
    return Sheet(entries, results.count, results.more_than_cap)


@public_page(query=browse.BrowseForm.base_fields)
def print_sheet(request):
    form = browse.BrowseForm.for_reader(request.GET, request.user)
    try:
        with statement_time_limit(router.db_for_read(Question), settings.SEARCH_STATEMENT_TIMEOUT_MS):
            sheet = build_sheet(request, form)
    except TooSlow:
        # The search page says so, with the form to narrow the search down.
        context = {"form": form, "too_slow": True, "search_text": form.query.text}
        response = render(request, "questions/search.html", context, status=503)
        response["Retry-After"] = "10"
        return response
    filters = form.filters
    labels = {name: dict(form.fields[name].choices) for name in ("category", "difficulty", "tag", "source")}
    context = {
        "form": form,
        "sheet": sheet,
        "cap": SHEET_CAP,
        "search_text": form.query.text,
        # What the sheet was narrowed to, by name (no filter: nothing).
        "category": filters["category"] and labels["category"].get(filters["category"], ""),
        "difficulty": filters["difficulty"] and labels["difficulty"].get(filters["difficulty"], ""),
        "tags": [labels["tag"][slug] for slug in filters["tags"]],
        "source": filters["source"] and labels["source"].get(filters["source"], ""),
        "narrow_query": request.GET.urlencode(),
    }
    return render(request, "questions/print.html", context)


def qr_svg(url: str) -> str:
    """The SVG of a QR code of `url`, from the shared cache or drawn (8–16 ms)."""
    key = "qr1:" + hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
    svg = cache.get(key)
    if svg is None:
        # Mask 0 rather than the best of eight: a third of the time, and a
        # printed code at this size scans as well.
        code = segno.make_qr(url, error="m", mask=0)
        svg = code.svg_inline(scale=4, dark="#000", light="#fff", border=2, svgclass=None, lineclass=None)
        cache.set(key, svg, QR_MAX_AGE)
    return svg


@require_safe
def question_qr(request, slug):
    """An SVG QR code of a question's address, for the print sheet and the
    question page's printout; 404 for a question the reader may not see."""
    question = policies.visible_questions(request.user).filter(slug=slug).only("slug", "status").first()
    if question is None:
        raise Http404
    svg = qr_svg(absolute_url(request, question.get_absolute_url()))
    response = HttpResponse(
        f'<svg xmlns="http://www.w3.org/2000/svg"{svg.removeprefix("<svg")}', content_type="image/svg+xml"
    )
    if question.is_published:
        patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=DRAFT_QR_MAX_AGE)
    return response
