"""The public part of the API: what an anonymous reader of the site sees,
read through the same rule book (`policies.visible_questions` of an
anonymous user) and, for lists and search, the same form and queryset as
/search/ (`questions.public.browse`), so the results are the site's."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Query, Router
from ninja.errors import HttpError

from questions import policies
from questions.models import Question, Source
from questions.public import browse
from questions.solutions.html import parsed_or_nothing

from . import schemas
from .caching import json_response, shared_json
from .paging import absolute, page_info, paginate

router = Router(tags=["public"])

PUBLIC = AnonymousUser()
GET = ["GET", "HEAD"]
# Question.slug's max_length.
MAX_SLUG_LENGTH = 200


def _category(category) -> schemas.CategoryRef:
    return schemas.CategoryRef(slug=category.slug, name=category.name, label=category.label)


def _item(result: browse.Result, *, searched: bool) -> schemas.QuestionItem:
    question = result.question
    return schemas.QuestionItem(
        id=question.pk,
        slug=question.slug,
        title=question.title,
        difficulty=question.difficulty,
        category=_category(question.category),
        tags=question.tag_list,
        url=absolute(question.get_absolute_url()),
        api_url=absolute(reverse("api-v1:question", args=[question.pk])),
        title_html=result.title_html if searched else None,
        snippet_html=result.snippet_html if searched else None,
    )


def _unprocessable(errors: dict) -> HttpResponse:
    detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return json_response(schemas.Error(detail=detail), status=422)


def _question_list(request, page: int, page_size: int):
    form = browse.BrowseForm.for_reader(request.GET, PUBLIC)
    # The site drops a filter it does not know and carries on; a program is
    # told instead (a misspelt category would otherwise list everything).
    errors = {field: list(messages) for field, messages in form.errors.items() if field != "q"}
    if form.tags_dropped:
        errors["tag"] = [f"at most {browse.MAX_TAG_FILTERS} tags"]
    unknown = set(request.GET.getlist("tag")) - set(form.filters["tags"])
    if unknown and not form.tags_dropped:
        errors["tag"] = [f"unknown tag: {', '.join(sorted(unknown))}"]
    if errors:
        return _unprocessable(errors)
    results = browse.find(policies.visible_questions(PUBLIC), form, page_number=page, per_page=page_size)
    searched = bool(results.query)
    return schemas.QuestionList(
        page=page_info(request, results.page, more_than_cap=results.more_than_cap),
        query=results.query.text,
        sort=results.sort,
        results=[_item(result, searched=searched) for result in results.items],
    )


@router.api_operation(GET, "/questions", response={200: schemas.QuestionList, 422: schemas.Error})
def questions(request, filters: Query[schemas.QuestionFilters]):
    """Published questions, newest first, or the results of a search: the
    filters and order of the site's /search/ page, and the same results."""
    return shared_json(request, lambda: _question_list(request, filters.page, filters.page_size))


@router.api_operation(GET, "/search", response={200: schemas.QuestionList, 422: schemas.Error})
def search(request, filters: Query[schemas.SearchFilters]):
    """A search, ranked as on the site: `/questions` with `q` required."""
    return shared_json(request, lambda: _question_list(request, filters.page, filters.page_size))


def _text(markdown: str, html: str) -> schemas.Text:
    return schemas.Text(markdown=markdown, html=html)


def _detail(question: Question) -> schemas.QuestionDetail:
    source = question.source
    return schemas.QuestionDetail(
        id=question.pk,
        slug=question.slug,
        title=question.title,
        difficulty=question.difficulty,
        category=_category(question.category),
        tags=question.tag_list,
        source=schemas.SourceRef(slug=source.slug, title=source.title) if source else None,
        source_position=question.source_position if source else None,
        body=_text(question.body, question.body_html),
        answer=_text(question.answer, question.answer_html),
        explanation=_text(question.explanation, question.explanation_html),
        editor_note=_text(question.editor_note, question.editor_note_html),
        key_points=schemas.KeyPoints(
            source=question.key_points,
            points=[
                schemas.KeyPoint(statement=p.statement, phrasings=list(p.phrasings), essential=p.essential)
                for p in question.parsed_key_points()
            ],
        ),
        solutions=schemas.Solutions(
            markdown=question.solutions,
            html=question.solutions_html,
            items=[
                schemas.SolutionItem(language=s.language, name=s.name, code=s.code, note=s.note)
                for s in parsed_or_nothing(question.solutions)
            ],
        ),
        published_at=question.published_at,
        updated_at=question.updated_at,
        url=absolute(question.get_absolute_url()),
    )


def _published_question(**lookup) -> schemas.QuestionDetail:
    """One published question with its category, source and tags (one
    query): the rule book's public view, so a draft is a 404 like an
    unknown id, and a pending revision's text is never read (it lives in
    its own table until approved)."""
    questions = policies.visible_questions(PUBLIC).select_related("category", "source").with_tag_list()
    try:
        return _detail(questions.get(**lookup))
    except Question.DoesNotExist:
        raise Http404 from None


@router.api_operation(
    GET, "/questions/{int:question_id}", response={200: schemas.QuestionDetail, 404: schemas.Error}
)
def question(request, question_id: int):
    """A published question by id, with its texts as Markdown and as HTML."""
    return shared_json(request, lambda: _published_question(pk=question_id))


@router.api_operation(
    GET, "/questions/by-slug/{slug}", response={200: schemas.QuestionDetail, 404: schemas.Error}
)
def question_by_slug(request, slug: str):
    """A published question by its slug (its page's address)."""
    if len(slug) > MAX_SLUG_LENGTH:  # no question has it: not worth a query
        raise HttpError(404, "Not Found")
    return shared_json(request, lambda: _published_question(slug=slug))


@router.api_operation(GET, "/categories", response=schemas.CategoryList)
def categories(request):
    """Every category, with its count of published questions."""

    def build():
        return schemas.CategoryList(
            results=[
                schemas.CategoryItem(
                    slug=c.slug,
                    name=c.name,
                    label=c.label,
                    description=c.description,
                    question_count=c.question_count,
                    url=absolute(c.get_absolute_url()),
                )
                for c in policies.categories_counted_for(PUBLIC)
            ]
        )

    return shared_json(request, build)


@router.api_operation(GET, "/tags", response=schemas.TagList)
def tags(request, paging: Query[schemas.Paging]):
    """The tags of published questions, most used first."""

    def build():
        counted = policies.tags_counted_for(PUBLIC).order_by("-question_count", "name")
        found = paginate(counted.only("name", "slug"), paging.page, paging.page_size)
        return schemas.TagList(
            page=page_info(request, found),
            results=[
                schemas.TagItem(
                    slug=t.slug,
                    name=t.name,
                    question_count=t.question_count,
                    url=absolute(t.get_absolute_url()),
                )
                for t in found.object_list
            ],
        )

    return shared_json(request, build)


@router.api_operation(GET, "/sources", response=schemas.SourceList)
def sources(request, paging: Query[schemas.Paging]):
    """The source articles with at least one published question."""

    def build():
        visible = policies.visible_sources(PUBLIC).order_by("title", "pk")
        found = paginate(
            visible.only("title", "slug", "language", "url", "written_on"), paging.page, paging.page_size
        )
        return schemas.SourceList(
            page=page_info(request, found),
            results=[_source(s) for s in found.object_list],
        )

    return shared_json(request, build)


def _source(source: Source) -> schemas.SourceItem:
    return schemas.SourceItem(
        slug=source.slug,
        title=source.title,
        language=source.language,
        original_url=source.url,
        written_on=source.written_on.isoformat() if source.written_on else None,
        url=absolute(source.get_absolute_url()),
    )
