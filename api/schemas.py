"""What the API answers, as pydantic models (django-ninja's `Schema`): they
validate nothing that comes in, but they write the JSON and describe it in
the OpenAPI schema."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from questions.models import Question
from questions.public.browse import Sort
from questions.search.query import MAX_QUERY_LENGTH

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deeper than any list a reader pages through; an OFFSET beyond reads rows
# for nothing.
MAX_PAGE = 1000

Difficulty = Literal[tuple(Question.Difficulty.values)]  # type: ignore[valid-type]
SortBy = Literal[tuple(Sort.values)]  # type: ignore[valid-type]


class Page(Schema):
    """Where a list is: its count (capped like the site's, see `more_than_cap`)
    and the addresses of the pages around it."""

    number: int
    size: int
    count: int
    pages: int
    more_than_cap: bool = False
    next: str | None
    previous: str | None


class CategoryRef(Schema):
    slug: str
    name: str
    label: str


class TagRef(Schema):
    slug: str
    name: str


class SourceRef(Schema):
    slug: str
    title: str


class QuestionItem(Schema):
    id: int
    slug: str
    title: str
    difficulty: str
    category: CategoryRef
    tags: list[TagRef]
    url: str
    api_url: str
    # Search results only: the title and a snippet of the prompt with the
    # matched words in <mark> (never of the answer).
    title_html: str | None = None
    snippet_html: str | None = None


class QuestionList(Schema):
    page: Page
    query: str
    sort: str
    results: list[QuestionItem]


class Text(Schema):
    """A Markdown field: its source and the sanitized HTML the site shows."""

    markdown: str
    html: str


class KeyPoint(Schema):
    statement: str
    phrasings: list[str]
    essential: bool


class KeyPoints(Schema):
    """The key points as editors write them (one a line, `!` essential,
    `|` phrasings; not Markdown), and parsed."""

    source: str
    points: list[KeyPoint]


class SolutionItem(Schema):
    """One solution of a coding question: its language (`cpp`, shown as
    "C++"), the code, and the editor's Markdown note above it."""

    language: str
    name: str
    code: str
    note: str


class Solutions(Schema):
    """The solutions by language as editors write them (fenced code blocks,
    one per language), rendered as on the page (tabs), and parsed."""

    markdown: str
    html: str
    items: list[SolutionItem]


class QuestionDetail(Schema):
    id: int
    slug: str
    title: str
    difficulty: str
    category: CategoryRef
    tags: list[TagRef]
    source: SourceRef | None
    source_position: int | None
    body: Text
    answer: Text
    explanation: Text
    editor_note: Text
    key_points: KeyPoints
    solutions: Solutions
    published_at: datetime | None
    updated_at: datetime
    url: str


class CategoryItem(Schema):
    slug: str
    name: str
    label: str
    description: str
    question_count: int
    url: str


class CategoryList(Schema):
    results: list[CategoryItem]


class TagItem(Schema):
    slug: str
    name: str
    question_count: int
    url: str


class TagList(Schema):
    page: Page
    results: list[TagItem]


class SourceItem(Schema):
    slug: str
    title: str
    language: str
    original_url: str
    written_on: str | None
    url: str


class SourceList(Schema):
    page: Page
    results: list[SourceItem]


class Error(Schema):
    detail: str


# The personal part (a token's owner only).


class Progress(Schema):
    cards: int
    learning: int
    review: int
    relearning: int
    mature: int
    due_now: int
    reviews: int
    reviewed_today: int


class CardItem(Schema):
    question_slug: str
    question_title: str
    state: str
    due: datetime
    last_review: datetime | None
    stability: float | None
    difficulty: float | None
    reviews: int
    recall_tests: int
    recalled: int


class CardList(Schema):
    page: Page
    results: list[CardItem]


class BookmarkItem(Schema):
    question_slug: str
    question_title: str
    created_at: datetime
    url: str


class BookmarkList(Schema):
    page: Page
    results: list[BookmarkItem]


# What comes in: query parameters, bounded (a request outside the bounds is a
# 422 naming the parameter).


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number; past the last page, the last page")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items a page")


class QuestionFilters(Paging):
    """The filters of the site's /search/ page, by the same names."""

    q: str = Field("", max_length=MAX_QUERY_LENGTH, description="Search text, as in the site's search box")
    category: str = Field("", description="A category's slug")
    difficulty: Difficulty | None = Field(None, description="easy, medium or hard")
    tag: list[str] = Field(default_factory=list, description="Tag slugs; a question must carry every one")
    source: str = Field("", description="A source article's slug")
    sort: SortBy | None = Field(None, description="Default: relevance with a query, else newest")


class SearchFilters(QuestionFilters):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="Search text")
