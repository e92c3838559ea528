"""Checks an article must pass before anything of it is written: known
languages, categories and difficulties, safe URLs, valid slugs, lengths.
Each failure is a ParseError naming the article's or question's line."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_unicode_slug
from django.utils.translation import gettext as _

from questions.exchange.parser import ParsedArticle, ParseError
from questions.models import MAX_MARKDOWN_LENGTH, Category, Question, Source, Tag


def check_article(article: ParsedArticle, categories: dict[str, Category]) -> None:
    def fail(line, message):
        raise ParseError(line, message, article.origin)

    languages = [code for code, _name in settings.LANGUAGES]
    if article.language not in languages:
        fail(
            article.line,
            _("unknown language “%(language)s” (use one of: %(choices)s)")
            % {"language": article.language, "choices": ", ".join(languages)},
        )
    if article.slug:
        check_slug(article.slug, article.line, article.origin)
    if len(article.title) > Source._meta.get_field("title").max_length:
        fail(article.line, _("the article title is too long"))
    if article.url:
        try:
            # The public source page links to it: http(s) only, never javascript: or data:.
            URLValidator(schemes=["http", "https"])(article.url)
            if len(article.url) > Source._meta.get_field("url").max_length:
                raise ValidationError("too long")
        except ValidationError:
            fail(
                article.line,
                _("“%(url)s” is not an http(s) URL of at most 200 characters") % {"url": article.url},
            )
    for name in ("intro", "conclusion", "appendix"):
        if len(getattr(article, name)) > MAX_MARKDOWN_LENGTH:
            fail(
                article.line,
                _("the %(part)s is longer than %(limit)s characters")
                % {"part": Source._meta.get_field(name).verbose_name, "limit": f"{MAX_MARKDOWN_LENGTH:,}"},
            )
    for question in article.questions:
        if question.category not in categories:
            fail(
                question.line,
                _("unknown category “%(category)s” (use one of: %(choices)s)")
                % {"category": question.category, "choices": ", ".join(categories)},
            )
        if question.difficulty and question.difficulty not in Question.Difficulty.values:
            fail(
                question.line,
                _("unknown difficulty “%(difficulty)s” (use one of: %(choices)s)")
                % {"difficulty": question.difficulty, "choices": ", ".join(Question.Difficulty.values)},
            )
        for name in ("body", "answer", "explanation", "editor_note"):
            if len(getattr(question, name)) > MAX_MARKDOWN_LENGTH:
                fail(
                    question.line,
                    _("the %(part)s is longer than %(limit)s characters")
                    % {
                        "part": Question._meta.get_field(name).verbose_name,
                        "limit": f"{MAX_MARKDOWN_LENGTH:,}",
                    },
                )
        if question.slug:
            check_slug(question.slug, question.line, article.origin)
        for tag in question.tags or ():
            if len(tag) > Tag._meta.get_field("name").max_length:
                fail(question.line, _("the tag “%(tag)s” is too long") % {"tag": tag})


def check_slug(slug: str, line: int, origin: str) -> None:
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        raise ParseError(line, _("“%(slug)s” is not a valid slug") % {"slug": slug}, origin) from None
    if len(slug) > 200:
        raise ParseError(line, _("the slug “%(slug)s” is too long") % {"slug": slug}, origin)
