"""The question bank's models, one module per idea; everything is importable
from `questions.models` as before."""

from ..policies import sees_unpublished
from .base import (
    BULK_IMPORT_REASON,
    MAX_MARKDOWN_LENGTH,
    EditConflict,
    RendersMarkdown,
    RendersMarkdownQuerySet,
    Versioned,
    markdown_length,
    unique_slug,
)
from .content import ContentVersion
from .question import QUESTION_HISTORY, READING_ORDER, Question, QuestionQuerySet
from .search import QuestionSearchQuerySet, SearchDocument
from .source import SOURCE_HISTORY, Source, SourceQuerySet
from .taxonomy import Category, CategoryQuerySet, Tag, TagQuerySet

__all__ = [
    "BULK_IMPORT_REASON",
    "MAX_MARKDOWN_LENGTH",
    "QUESTION_HISTORY",
    "READING_ORDER",
    "SOURCE_HISTORY",
    "Category",
    "CategoryQuerySet",
    "ContentVersion",
    "EditConflict",
    "Question",
    "QuestionQuerySet",
    "QuestionSearchQuerySet",
    "RendersMarkdown",
    "RendersMarkdownQuerySet",
    "SearchDocument",
    "Source",
    "SourceQuerySet",
    "Tag",
    "TagQuerySet",
    "Versioned",
    "markdown_length",
    "sees_unpublished",
    "unique_slug",
]
