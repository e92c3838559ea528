"""Questions → articles in the very layout `questions.exchange.parser` reads.

One article per source, with its introduction, conclusion and appendix;
questions without a source go into one article marked `source: none`. Front
matter and one comment per question carry what the layout itself cannot
(slug, category, difficulty, tags, position), so importing the export
reproduces the questions. A line inside an answer that looks like a marker
or a section heading (outside code) would be read as one: the importer never
produces such text, but an editor could type it.
"""

import json
import re
from itertools import chain, groupby

from django.conf import settings

from questions.exchange.layout import LAYOUT

STANDALONE_NAME = "questions-without-source"

# A first line that can share the marker's line without changing meaning.
_BLOCK_START = re.compile(r"^(?:\s|[`~#>|*+=<!-]|\d+[.)]\s|\[)")


def iter_articles(questions):
    """`(file stem, Markdown)` per article for `questions` (in reading order,
    with category, source and tags fetched: `Question.objects.for_export()`),
    one article at a time."""
    for source, group in _by_source(questions):
        name = source.slug if source else STANDALONE_NAME
        yield name, "".join(article_pieces(source, group))


def articles(questions) -> list[tuple[str, str]]:
    return list(iter_articles(questions))


def markdown_pieces(questions):
    """All articles, one after the other (each starts with its front matter,
    so the importer splits them again), question by question for streaming:
    no article is ever whole in memory (16,817 questions without a source
    made one of 280 MB). The questions need their category's slug, their
    tags' names, their source and the fields written."""
    for index, (source, group) in enumerate(_by_source(questions)):
        if index:
            yield "\n\n"
        yield from article_pieces(source, group)


def write_markdown(questions, stream) -> int:
    """All articles into one stream. Returns the number of articles."""
    count = 0
    for source, group in _by_source(questions):
        if count:
            stream.write("\n\n")
        for piece in article_pieces(source, group):
            stream.write(piece)
        count += 1
    return count


def _by_source(questions):
    """(source or None, its questions) per run of questions of one source."""
    for _source_id, group in groupby(questions, key=lambda question: question.source_id):
        first = next(group)
        # Used once, before groupby moves on: the caller writes the article first.
        yield first.source, chain((first,), group)  # noqa: B031


def article_markdown(source, questions) -> str:
    return "".join(article_pieces(source, questions))


def article_pieces(source, questions):
    """The article's Markdown piece by piece: its head, each question, its
    end. Joined, the text ends in exactly one newline."""
    return _one_final_newline(_article_pieces(source, questions))


def _article_pieces(source, questions):
    language = source.language if source else settings.LANGUAGE_CODE
    layout = LAYOUT.get(language, LAYOUT["en"])
    out = ["---"]
    if source:
        out += [f"title: {source.title}", f"slug: {source.slug}", f"language: {source.language}"]
        if source.url:
            out.append(f"url: {source.url}")
    else:
        out += ["source: none", f"language: {language}"]
    out += ["---", ""]
    if source:
        out += [layout["title"].format(title=source.title), ""]
        if source.intro:
            out += [layout["intro"], "", _text(source.intro), ""]
    yield _lines(out)

    section = None
    for ordinal, question in enumerate(questions, 1):
        out = []
        kind = "coding" if question.category.slug == "coding" else "questions"
        if kind != section:
            out += [layout[kind], ""]
            section = kind
        out += _question(question, ordinal, layout, with_position=source is not None)
        yield _lines(out)

    out = []
    if source and source.conclusion:
        out += [layout["conclusion"], "", _text(source.conclusion), ""]
    if source and source.appendix:
        out += [layout["appendix"], "", _text(source.appendix), ""]
    yield _lines(out)


def _lines(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _one_final_newline(pieces):
    """The pieces with the newlines at the very end made one (as
    `text.rstrip("\\n") + "\\n"`), holding back only a run of newlines."""
    held = ""
    for piece in pieces:
        body = piece.rstrip("\n")
        if body:
            yield held + body
            held = piece[len(body) :]
        else:
            held += piece
    yield "\n"


def _question(question, ordinal: int, layout: dict, *, with_position: bool) -> list[str]:
    number = question.source_position if with_position and question.source_position else ordinal
    meta = {
        "slug": question.slug,
        "category": question.category.slug,
        "difficulty": question.difficulty,
        "tags": sorted(tag.name for tag in question.tags.all()),
    }
    if with_position and question.source_position:
        meta["position"] = question.source_position
    # "-->" must not end the comment early.
    comment = json.dumps(meta, ensure_ascii=False).replace(">", "\\u003e")
    out = [layout["question"].format(n=number, title=question.title), f"<!-- qbank {comment} -->", ""]
    if question.body:
        out += [_text(question.body), ""]
    out += _field(layout["answer"], question.answer)
    for name in ("explanation", "editor_note", "key_points", "solutions"):
        if getattr(question, name):
            out += _field(layout[name], getattr(question, name))
    return out


def _field(marker: str, text: str) -> list[str]:
    text = _text(text)
    first = text.split("\n", 1)[0]
    if first == first.strip() and not _BLOCK_START.match(first):
        return [f"{marker} {text}", ""]
    return [marker, "", text, ""]


def _text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
