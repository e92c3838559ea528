from collections import defaultdict
from functools import cache

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections, router
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from questions.models.prepared import server_binding_cursor

from .. import policies
from ..markdown.page_scripts import question_page_scripts
from ..models import Category, Question, Source, Tag
from ..policies import sees_admin_edit_link, sees_unpublished_questions
from . import browse, downloads, held_version, visitors
from .holdings import holdings_for
from .pagecache import public_page
from .print_sheet import absolute_url
from .statement_limit import TooSlow, statement_time_limit

QUESTIONS_PER_CATEGORY_ON_HOME = 10
QUESTIONS_PER_PAGE = 30
QUESTIONS_PER_SOURCE_PAGE = 20
TAGS_ON_HOME = 40


def _get_question_for_user(request, slug):
    """The question `slug` if the user may see it, with everything its page
    shows (category, source, tags, neighbours in the article) in one query."""
    try:
        return question_page(slug, sees_unpublished=sees_unpublished_questions(request.user))
    except Question.DoesNotExist:
        raise Http404 from None


@cache
def _question_pages(sees_unpublished: bool):
    """The question page's queryset for each of the two audiences: what
    `question_page()` reads, said with the ORM (tests compare the two)."""
    visible = Question.objects.visible(sees_unpublished=sees_unpublished)
    return (
        visible.select_related("category", "source")
        .with_tag_list()
        .with_neighbours(visible)
        .with_last_verified()
        # What the page shows: the rendered HTML, not the Markdown, and of
        # the source article only its title and address. Fewer columns to
        # send and to turn into Python (timestamps cost most).
        .only(
            "title", "slug", "difficulty", "status", "source_position",
            "body_html", "answer_html", "explanation_html", "editor_note_html", "key_points",
            "solutions_html", "category__slug", "category__name", "source__title", "source__slug",
        )
        .order_by()
    )  # fmt: skip


# `_question_pages(…).get(slug=slug)` written out as SQL. The question page is
# the page most asked for with an empty cache, and compiling that queryset (a
# join and three subqueries building JSON) took the ORM 1.2–1.7 ms a request,
# more than the rest of the page; written once, it is only sent (the slug a
# parameter). {published} is where the public's query keeps to published
# questions; editors see them all.
def _in_field_order(model, attnames: set[str]) -> list[str]:
    # Model.from_db() takes a partial row in the order of the model's fields.
    return [field.attname for field in model._meta.concrete_fields if field.attname in attnames]


_QUESTION_COLUMNS = _in_field_order(
    Question,
    {
        "id", "title", "slug", "difficulty", "status", "source_position",
        "body_html", "answer_html", "explanation_html", "editor_note_html", "key_points", "solutions_html",
        "category_id",
        "source_id",
    },
)  # fmt: skip
_CATEGORY_COLUMNS = _in_field_order(Category, {"id", "slug", "name"})
_SOURCE_COLUMNS = _in_field_order(Source, {"id", "title", "slug"})
_QUESTION_PAGE_SQL = """
SELECT {columns},
       ARRAY(SELECT json_build_object('name', t.name, 'slug', t.slug)
             FROM questions_tag t JOIN questions_question_tags qt ON qt.tag_id = t.id
             WHERE qt.question_id = q.id ORDER BY t.name),
       (SELECT json_build_object('title', n.title, 'slug', n.slug) FROM questions_question n
        WHERE n.source_id = q.source_id AND n.source_position < q.source_position{neighbour_published}
        ORDER BY n.source_position DESC LIMIT 1),
       (SELECT json_build_object('title', n.title, 'slug', n.slug) FROM questions_question n
        WHERE n.source_id = q.source_id AND n.source_position > q.source_position{neighbour_published}
        ORDER BY n.source_position LIMIT 1),
       (SELECT v.verified_at FROM questions_verification v WHERE v.question_id = q.id
        ORDER BY v.verified_at DESC LIMIT 1),
       {category_columns}, {source_columns}
FROM questions_question q
JOIN questions_category c ON c.id = q.category_id
LEFT JOIN questions_source s ON s.id = q.source_id
WHERE q.slug = %s{published}
LIMIT 2
"""
_QUESTION_PAGE_QUERIES = {
    sees_unpublished: _QUESTION_PAGE_SQL.format(
        columns=", ".join(f"q.{column}" for column in _QUESTION_COLUMNS),
        category_columns=", ".join(f"c.{column}" for column in _CATEGORY_COLUMNS),
        source_columns=", ".join(f"s.{column}" for column in _SOURCE_COLUMNS),
        published="" if sees_unpublished else f" AND q.status = '{Question.Status.PUBLISHED}'",
        neighbour_published="" if sees_unpublished else f" AND n.status = '{Question.Status.PUBLISHED}'",
    )
    for sees_unpublished in (False, True)
}


def question_page(slug: str, *, sees_unpublished: bool) -> Question:
    """`_question_pages(sees_unpublished).get(slug=slug)`: the same instance
    (`Model.from_db`, the columns it does not read deferred), its category
    and source read in the same query, as `select_related` does."""
    db = router.db_for_read(Question)
    # Planned once per connection by Postgres (prepared.py): it costs more to
    # plan than to run.
    with server_binding_cursor(connections[db]) as cursor:
        cursor.execute(_QUESTION_PAGE_QUERIES[sees_unpublished], [slug])
        rows = cursor.fetchall()
    if not rows:
        raise Question.DoesNotExist("Question matching query does not exist.")
    if len(rows) > 1:  # slugs are unique
        raise Question.MultipleObjectsReturned("get() returned more than one Question.")
    row = rows[0]
    # The question's columns, its four annotations, its category's, its source's.
    end = len(_QUESTION_COLUMNS)
    question = Question.from_db(db, _QUESTION_COLUMNS, row[:end])
    question.tag_list, question.previous_link, question.following_link, question.last_verified_at = row[
        end : end + 4
    ]
    related = row[end + 4 :]
    split = len(_CATEGORY_COLUMNS)
    question.category = Category.from_db(db, _CATEGORY_COLUMNS, related[:split])
    question.source = (
        None if question.source_id is None else Source.from_db(db, _SOURCE_COLUMNS, related[split:])
    )
    return question


@public_page
def home(request):
    visible = policies.visible_questions(request.user)
    categories = policies.categories_counted_for(request.user)
    grouped = defaultdict(list)
    first_questions = visible.for_listing().first_per_category(
        QUESTIONS_PER_CATEGORY_ON_HOME, [category.pk for category in categories]
    )
    for question in first_questions:
        grouped[question.category_id].append(question)
    sections = [(category, grouped[category.pk]) for category in categories]
    popular_tags = policies.tags_counted_for(request.user).order_by("-question_count", "name")[:TAGS_ON_HOME]
    context = {"sections": sections, "tags": browse.tag_cloud(popular_tags)}
    return render(request, "questions/home.html", context)


def _paginate(request, questions, published_count: int):
    """A page of `questions`; for the public, counted by the kept count
    (a COUNT over a category of 25,000 would cost more than the page)."""
    if sees_unpublished_questions(request.user):
        paginator = Paginator(questions, QUESTIONS_PER_PAGE)
    else:
        paginator = browse.CountedPaginator(
            browse.KeysFirst(questions), QUESTIONS_PER_PAGE, count=published_count
        )
    return paginator.get_page(request.GET.get("page"))


@public_page(query=("page",))
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    questions = policies.visible_questions(request.user).filter(category=category)
    page = _paginate(request, questions.for_listing().in_reading_order(), category.published_count)
    return render(request, "questions/category.html", {"category": category, "page": page})


@public_page
def question_detail(request, slug):
    question = _get_question_for_user(request, slug)
    previous, following = question.neighbours()
    context = {
        "question": question,
        "preview": False,  # the editors' previews render the same template
        "preview_pending": False,
        "previous": previous,
        "following": following,
        "practise_category_url": visitors.category_start_url(question.category),
        "practice_state": visitors.question_state(request, question),
        "page_scripts": question_page_scripts(question),
        "admin_edit_link": sees_admin_edit_link(request.user),
        # Printed under the question (print CSS), where a link cannot be followed.
        "printed_address": absolute_url(request, question.get_absolute_url()),
        "article_version": _article_version(request, question),
    }
    return context["page_scripts"].apply_policy(render(request, "questions/detail.html", context))


def _article_version(request, question) -> int | None:
    """The content version the question's text is kept under as a template
    fragment (questions/includes/article.html), for a published question read
    by the public or a candidate: what a signed-in page renders afresh on every
    request but for the practice box is the same for everybody. None (no
    fragment) for editors, who see drafts and every change at once."""
    if not question.is_published or sees_unpublished_questions(request.user):
        return None
    return held_version.current_version()[0]


@public_page(query=("page",))
def source_detail(request, slug):
    source = get_object_or_404(policies.visible_sources(request.user), slug=slug)
    questions = (
        policies.visible_questions(request.user)
        .filter(source=source)
        .select_related("category")
        .with_tag_list()
        .in_reading_order()
    )
    # Each question shows its whole answer: a long article is read in pages.
    page = Paginator(questions, QUESTIONS_PER_SOURCE_PAGE).get_page(request.GET.get("page"))
    return render(request, "questions/source.html", {"source": source, "page": page})


def category_export(request, slug, fmt):
    """The category's published questions as a file to study offline."""
    if fmt not in downloads.FORMATS:
        raise Http404
    category = get_object_or_404(Category, slug=slug)
    return downloads.category_download(category, fmt)


@public_page(query=(*browse.BrowseForm.base_fields, "page", "all_tags"))
def search(request):
    """Search results, or a filtered list of questions when there is no query."""
    visible = policies.visible_questions(request.user)
    form = browse.BrowseForm.for_reader(request.GET, request.user, all_tags="all_tags" in request.GET)
    try:
        with statement_time_limit(router.db_for_read(Question), settings.SEARCH_STATEMENT_TIMEOUT_MS):
            results = browse.find(visible, form, page_number=request.GET.get("page"))
    except TooSlow:
        # Not cached (the page cache keeps 200s only): the next reader tries again.
        context = {"form": form, "too_slow": True, "search_text": form.query.text}
        response = render(request, "questions/search.html", context, status=503)
        response["Retry-After"] = "10"
        return response
    context = {
        "form": form,
        "results": results,
        "search_text": results.query.text,
        "page_query": _page_query(request),
        "print_query": _query_string(request),
        # Only the most used tags are checkboxes; this link shows them all.
        "all_tags_query": _query_string(request, add=("all_tags", "1")) if form.hidden_tags else "",
        "all_tags": "all_tags" in request.GET,
        "selected_tags": [
            (name, _query_string(request, remove=("tag", slug)))
            for slug, name in form.fields["tag"].choices
            if slug in form.filters["tags"]
        ],
        **_filters_fragment(request),
    }
    if results.query and not results.items:
        # Nothing found: say what there is to find instead.
        context["holdings"] = holdings_for(request.user, results.query.text)
    return render(request, "questions/search.html", context)


@public_page
def tag_list(request):
    tags = policies.tags_counted_for(request.user)
    return render(request, "questions/tags.html", {"tags": browse.tag_cloud(tags)})


@public_page(query=("page",))
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    questions = policies.visible_questions(request.user).filter(tags=tag).for_listing().newest_first()
    page = _paginate(request, questions, tag.published_count)
    if page.paginator.count == 0:
        # A tag that only drafts carry is not public.
        raise Http404
    return render(request, "questions/tag.html", {"tag": tag, "page": page})


def _filters_fragment(request) -> dict:
    """What the search form's filter fields are kept under as template
    fragments for the public (questions/search.html): the content version
    (their choices are the public's, `browse.filter_choices()`), and what
    they show of the request: the chosen values (and any error about them),
    whether all tags are offered and whether there are search words (the
    order offered first). Rendering their dozens of options cost a cold
    results page ~1 ms. None for those who see drafts: their choices are live."""
    if sees_unpublished_questions(request.user):
        return {"filters_version": None}
    fields = ("category", "difficulty", "source", "sort", "tag", "all_tags")
    chosen = [(name, value) for name in fields for value in request.GET.getlist(name)]
    searched = bool((request.GET.get("q") or "").strip())
    return {
        "filters_version": held_version.current_version()[0],
        "filters_key": urlencode([*chosen, ("searched", searched)]),
    }


def _query_string(
    request, *, remove: tuple[str, str] | None = None, add: tuple[str, str] | None = None
) -> str:
    """The request's query string, back to page 1, optionally without one
    value of a repeated parameter (`remove=("tag", "gpu")`) or with one
    parameter set (`add=("all_tags", "1")`)."""
    params = request.GET.copy()
    params.pop("page", None)
    if remove:
        key, value = remove
        params.setlist(key, [v for v in params.getlist(key) if v != value])
    if add:
        params[add[0]] = add[1]
    return params.urlencode()


def _page_query(request) -> str:
    """What pagination links put before `page=`, so they keep the query and filters."""
    query_string = _query_string(request)
    return f"{query_string}&" if query_string else ""
