"""The question bank's models, one module per idea; everything is importable
from `questions.models` as before."""

from .acknowledgement import MAX_ACKNOWLEDGEMENT_REASON, QualityAcknowledgement
from .base import (
    BULK_IMPORT_REASON,
    MAX_MARKDOWN_LENGTH,
    EditConflict,
    RendersMarkdown,
    RendersMarkdownQuerySet,
    Versioned,
    markdown_length,
    markdown_too_slow_message,
    unique_slug,
)
from .comments import MAX_COMMENT_LENGTH, ReviewComment
from .content import ContentVersion
from .digest import QueueDigestSubscription
from .link_targets import public_link_targets
from .origin import ImportOrigin, ImportOriginQuerySet, external_key
from .pending import MAX_REASON_LENGTH, PendingRevision
from .practice_signal import PracticeSignal
from .question import QUESTION_HISTORY, Question
from .question_queries import READING_ORDER, QuestionQuerySet
from .reports import MAX_REPORT_LENGTH, MAX_RESOLUTION_LENGTH, Report
from .search import QuestionSearchQuerySet, SearchDocument, SearchTitle, search_documents_deferred
from .source import SOURCE_HISTORY, Source, SourceQuerySet
from .taxonomy import Category, CategoryQuerySet, Tag, TagQuerySet
from .verification import MAX_VERIFICATION_REASON, Verification

__all__ = [
    "BULK_IMPORT_REASON",
    "MAX_ACKNOWLEDGEMENT_REASON",
    "MAX_COMMENT_LENGTH",
    "MAX_MARKDOWN_LENGTH",
    "MAX_REASON_LENGTH",
    "MAX_REPORT_LENGTH",
    "MAX_RESOLUTION_LENGTH",
    "MAX_VERIFICATION_REASON",
    "QUESTION_HISTORY",
    "READING_ORDER",
    "SOURCE_HISTORY",
    "Category",
    "CategoryQuerySet",
    "ContentVersion",
    "EditConflict",
    "ImportOrigin",
    "ImportOriginQuerySet",
    "PendingRevision",
    "PracticeSignal",
    "QualityAcknowledgement",
    "Question",
    "QuestionQuerySet",
    "QuestionSearchQuerySet",
    "QueueDigestSubscription",
    "RendersMarkdown",
    "RendersMarkdownQuerySet",
    "Report",
    "ReviewComment",
    "SearchDocument",
    "SearchTitle",
    "Source",
    "SourceQuerySet",
    "Tag",
    "TagQuerySet",
    "Verification",
    "Versioned",
    "external_key",
    "markdown_length",
    "markdown_too_slow_message",
    "public_link_targets",
    "search_documents_deferred",
    "unique_slug",
]
