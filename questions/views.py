from collections import defaultdict
from functools import cache

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import browse, downloads
from .models import Category, Question, Source, Tag
from .pagecache import public_page
from .policies import sees_unpublished_questions
from .practice_links import practice_state, practise_category_url

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
        # What the page shows: the rendered HTML, not the Markdown, and of
        # the source article only its title and address. Fewer columns to
        # send and to turn into Python (timestamps cost most).
        .only(
            "title", "slug", "difficulty", "status", "source_position",
            "body_html", "answer_html", "explanation_html", "editor_note_html",
            "category__slug", "category__name", "source__title", "source__slug",
        )
        .order_by()
    )  # fmt: skip


# `_question_pages(…).get(slug=slug)` written out as SQL. The question page is
# the page most asked for with an empty cache, and compiling that queryset (a
# join and three subqueries building JSON) took the ORM 1.2–1.7 ms a request,
# more than the rest of the page; written once, Django only sends it (`raw()`),
# and psycopg prepares it after a few runs on a connection (DATABASES
# OPTIONS), so that Postgres plans it once a session. {published} is where
# the public's query keeps to published questions; editors see them all.
_QUESTION_PAGE_SQL = """
SELECT q.id, q.title, q.slug, q.difficulty, q.status, q.source_position,
       q.body_html, q.answer_html, q.explanation_html, q.editor_note_html,
       q.category_id, q.source_id,
       c.slug AS category_slug, c.name AS category_name,
       s.title AS source_title, s.slug AS source_slug,
       ARRAY(SELECT json_build_object('name', t.name, 'slug', t.slug)
             FROM questions_tag t JOIN questions_question_tags qt ON qt.tag_id = t.id
             WHERE qt.question_id = q.id ORDER BY t.name) AS tag_list,
       (SELECT json_build_object('title', n.title, 'slug', n.slug) FROM questions_question n
        WHERE n.source_id = q.source_id AND n.source_position < q.source_position{neighbour_published}
        ORDER BY n.source_position DESC LIMIT 1) AS previous_link,
       (SELECT json_build_object('title', n.title, 'slug', n.slug) FROM questions_question n
        WHERE n.source_id = q.source_id AND n.source_position > q.source_position{neighbour_published}
        ORDER BY n.source_position LIMIT 1) AS following_link
FROM questions_question q
JOIN questions_category c ON c.id = q.category_id
LEFT JOIN questions_source s ON s.id = q.source_id
WHERE q.slug = %s{published}
LIMIT 2
"""
_QUESTION_PAGE_QUERIES = {
    True: _QUESTION_PAGE_SQL.format(published="", neighbour_published=""),
    False: _QUESTION_PAGE_SQL.format(
        published=f" AND q.status = '{Question.Status.PUBLISHED}'",
        neighbour_published=f" AND n.status = '{Question.Status.PUBLISHED}'",
    ),
}


def question_page(slug: str, *, sees_unpublished: bool) -> Question:
    """`_question_pages(sees_unpublished).get(slug=slug)`: the same instance,
    its category and source read in the same query (as `select_related`
    does), the columns it does not read deferred."""
    questions = Question.objects.raw(_QUESTION_PAGE_QUERIES[sees_unpublished], [slug])
    found = list(questions)
    if not found:
        raise Question.DoesNotExist("Question matching query does not exist.")
    if len(found) > 1:  # slugs are unique
        raise Question.MultipleObjectsReturned("get() returned more than one Question.")
    question = found[0]
    row = vars(question)
    question.category = Category.from_db(
        questions.db,
        ["id", "slug", "name"],
        [question.category_id, row.pop("category_slug"), row.pop("category_name")],
    )
    title, source_slug = row.pop("source_title"), row.pop("source_slug")
    question.source = (
        None
        if question.source_id is None
        else Source.from_db(questions.db, ["id", "title", "slug"], [question.source_id, title, source_slug])
    )
    return question


@public_page
def home(request):
    visible = Question.objects.visible_to(request.user)
    categories = Category.objects.counted_for(request.user)
    grouped = defaultdict(list)
    first_questions = visible.for_listing().first_per_category(
        QUESTIONS_PER_CATEGORY_ON_HOME, [category.pk for category in categories]
    )
    for question in first_questions:
        grouped[question.category_id].append(question)
    sections = [(category, grouped[category.pk]) for category in categories]
    popular_tags = Tag.objects.counted_for(request.user).order_by("-question_count", "name")[:TAGS_ON_HOME]
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


@public_page
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    questions = Question.objects.visible_to(request.user).filter(category=category)
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
        "practise_category_url": practise_category_url(question.category),
        "practice_state": practice_state(request, question),
    }
    return render(request, "questions/detail.html", context)


@public_page
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.visible_to(request.user), slug=slug)
    questions = (
        Question.objects.visible_to(request.user)
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


@public_page
def search(request):
    """Search results, or a filtered list of questions when there is no query."""
    visible = Question.objects.visible_to(request.user)
    form = browse.BrowseForm.for_reader(request.GET, request.user, all_tags="all_tags" in request.GET)
    results = browse.find(visible, form, page_number=request.GET.get("page"))
    context = {
        "form": form,
        "results": results,
        "search_text": results.query.text,
        "page_query": _page_query(request),
        # Only the most used tags are checkboxes; this link shows them all.
        "all_tags_query": _query_string(request, add=("all_tags", "1")) if form.hidden_tags else "",
        "all_tags": "all_tags" in request.GET,
        "selected_tags": [
            (name, _query_string(request, remove=("tag", slug)))
            for slug, name in form.fields["tag"].choices
            if slug in form.filters["tags"]
        ],
    }
    return render(request, "questions/search.html", context)


@public_page
def tag_list(request):
    tags = Tag.objects.counted_for(request.user)
    return render(request, "questions/tags.html", {"tags": browse.tag_cloud(tags)})


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    questions = Question.objects.visible_to(request.user).filter(tags=tag).for_listing().newest_first()
    page = _paginate(request, questions, tag.published_count)
    if page.paginator.count == 0:
        # A tag that only drafts carry is not public.
        raise Http404
    return render(request, "questions/tag.html", {"tag": tag, "page": page})


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
