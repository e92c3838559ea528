"""Read Q&A articles like the seed into plain data; no database here.

An article is Markdown laid out the way editors receive it::

    ### 自拟标题：…              (or "### Title: …", or simply the first heading)
    #### 引言                   intro
    #### 典型问题/面试题库        questions, category by rules on the title
    **问题1：…**
    **答案：** …
    **解析：** …
    #### 算法编程题库            questions, category "coding"
    ### 结论                    conclusion
    #### 附录…                  appendix

and the same in English (`**Question 1: …**`, `**Answer:**`, `**Explanation:**`).
Navigation (link bars of in-page anchors, 下载PDF, 返回正文, 关于我们, the
image list under 其他图片资源) is dropped. Markers inside fenced code are code.

Two optional additions make exported articles import back exactly:
front matter at the top (`title`, `slug`, `language`, `url`, `source: none`,
and defaults `category`, `difficulty`, `tags`), and one comment per question,
right after its heading line: `<!-- qbank {"category": "coding", ...} -->`.
A file may hold several articles, each starting with its front matter.

`parse_articles(data)` takes the uploaded bytes and returns `ParsedArticle`s
or raises `ParseError(line, message)`.
"""

import json
import re

from django.utils.translation import gettext as _

from ..keypoints.parse import KeyPointsError, parse_key_points
from ..solutions.parse import SolutionsError, parse_solutions
from .layout import (
    ANSWER,
    EDITOR_NOTE,
    EXPLANATION,
    FENCE,
    FRONT_MATTER_LINE,
    HEADING,
    KEY_POINTS,
    MAX_TITLE_LENGTH,
    META_COMMENT,
    META_KEYS,
    QUESTION_PATTERNS,
    SOLUTIONS,
    ParsedArticle,
    ParsedQuestion,
    ParseError,
    classify_heading,
    closes_fence,
    decode_article,
    front_matter_at,
    infer_category,
    is_chinese,
    is_navigation,
    split_articles,
)

__all__ = [
    "ParseError",
    "ParsedArticle",
    "ParsedQuestion",
    "apply_category_map",
    "decode_article",
    "parse_articles",
    "parse_text",
]


# A comment holds a few short keys; a long one is an attack (deep nesting).
MAX_META_LENGTH = 4_000
# Question.source_position is a Postgres integer.
MAX_POSITION = 2_147_483_647


def _refuse_nul(value: str, key: str, number: int) -> None:
    # JSON can spell NUL (\u0000); Postgres text cannot hold it.
    if "\x00" in value:
        raise ParseError(number, _("“%(key)s” contains a NUL character") % {"key": key})


class _ArticleParser:
    def __init__(self, lines: list[str], start: int, end: int):
        self.lines, self.start, self.end = lines, start, end
        self.article = ParsedArticle(line=start + 1)
        self.region = "intro"
        self.section_category = ""
        self.section = ""
        self.regions: dict[str, list[str]] = {"intro": [], "conclusion": [], "appendix": []}
        self.question: ParsedQuestion | None = None
        self.question_field = ""
        self.fields: dict[str, list[str]] = {}
        self.field_lines: dict[str, int] = {}
        self.first_lines: dict[str, int] = {}
        self.defaults: dict[str, object] = {}
        self.zh_markers = self.en_markers = 0

    def parse(self) -> ParsedArticle:
        index = self._front_matter()
        fence_line, fence = 0, None
        while index < self.end:
            line, number = self.lines[index], index + 1
            index += 1
            if fence:
                if closes_fence(line, fence):
                    fence = None
                self._content(line)
                continue
            if match := FENCE.match(line):
                fence, fence_line = match["fence"], number
                self._content(line)
                continue
            self._line(line, number)
        if fence:
            raise ParseError(fence_line, _("this code fence (%(fence)s) is never closed") % {"fence": fence})
        self._finish_question()
        return self._result()

    # front matter -------------------------------------------------------------

    def _front_matter(self) -> int:
        index = self.start
        while index < self.end and not self.lines[index].strip():
            index += 1
        if index >= self.end or not (close := front_matter_at(self.lines, index)):
            return self.start
        for number in range(index + 1, close):
            match = FRONT_MATTER_LINE.match(self.lines[number])
            key, value = match["key"].lower(), (match["value"] or "").strip()
            self._front_matter_value(key, value, number + 1)
        return close + 1

    def _front_matter_value(self, key: str, value: str, number: int) -> None:
        article = self.article
        if key == "title":
            article.title = value
        elif key == "slug":
            article.slug = value
        elif key == "language":
            article.language = value.lower()
        elif key == "url":
            article.url = value
        elif key == "source":
            if value.lower() not in {"none", "no", "false"}:
                raise ParseError(number, _("“source” can only be “none” (questions without an article)"))
            article.standalone = True
        elif key == "tags":
            self.defaults["tags"] = [tag.strip() for tag in value.split(",") if tag.strip()]
        else:  # category, difficulty
            self.defaults[key] = value

    # one line outside code --------------------------------------------------------

    def _line(self, line: str, number: int) -> None:
        if is_navigation(line):
            return
        if heading := HEADING.match(line):
            kind, value = classify_heading(heading["text"])
            untitled = not self.article.title and self.region == "intro" and not self.question
            untitled = untitled and not any(text.strip() for text in self.regions["intro"])
            if not kind and untitled and len(heading["level"]) <= 3:
                kind, value = "title", heading["text"].strip()
            if kind:
                self._heading(kind, value, heading["text"].strip())
                return
        for pattern in QUESTION_PATTERNS:
            if (match := pattern.match(line)) and self.region != "junk":
                self._start_question(match, number)
                return
        for name, pattern in (
            ("answer", ANSWER),
            ("explanation", EXPLANATION),
            ("editor_note", EDITOR_NOTE),
            ("key_points", KEY_POINTS),
            ("solutions", SOLUTIONS),
        ):
            if match := pattern.match(line):
                if self.region != "junk":
                    self._start_field(name, match["rest"], line, number)
                return
        if match := META_COMMENT.match(line):
            self._meta(match["json"], number)
            return
        self._content(line, number)

    def _heading(self, kind: str, value: str, text: str) -> None:
        self._finish_question()
        if kind == "title":
            self.article.title = self.article.title or value
            self.region = "intro"
        elif kind in {"body", "intro"}:
            self.region = "intro"
        elif kind in {"questions", "coding"}:
            self.region = "questions"
            self.section_category = "coding" if kind == "coding" else ""
            self.section = text
        else:
            self.region = kind

    def _content(self, line: str, number: int = 0) -> None:
        if self.question:
            self.fields.setdefault(self.question_field, []).append(line)
        elif self.region in self.regions:
            self.regions[self.region].append(line)
        elif self.region == "questions" and line.strip() and number:
            # Prose between a section heading and its first question has no
            # field to go to: say so rather than drop it silently.
            self.article.skipped_lines.append(number)

    # questions ---------------------------------------------------------------------

    def _start_question(self, match: re.Match, number: int) -> None:
        self._finish_question()
        if self.region != "questions":
            self.region = "questions"
            self.section_category = self.section = ""
        word = match.group(0).lstrip("*").lstrip()
        if is_chinese(word[:2]):
            self.zh_markers += 1
        else:
            self.en_markers += 1
        title = match["title"].strip()
        if len(title) > MAX_TITLE_LENGTH:
            raise ParseError(
                number,
                _("the question title is longer than %(max)s characters") % {"max": MAX_TITLE_LENGTH},
            )
        self.question = ParsedQuestion(
            position=len(self.article.questions) + 1,
            title=title,
            line=number,
            marker_number=int(match["n"]),
            section=self.section,
        )
        if self.section_category:
            self.question.category = self.section_category
        self.question_field = "body"
        self.fields = {"body": []}
        self.field_lines = {"body": number}
        self.first_lines = {"body": number + 1}

    def _start_field(self, name: str, rest: str, line: str, number: int) -> None:
        question = self.question
        labels = {
            "answer": _("an answer (答案/Answer)"),
            "explanation": _("an explanation (解析/Explanation)"),
            "editor_note": _("an editor's note (编者按/Editor's note)"),
            "key_points": _("key points (要点/Key points)"),
            "solutions": _("solutions (多语言解法/Solutions by language)"),
        }
        if question is None:
            raise ParseError(number, _("%(what)s without a question before it") % {"what": labels[name]})
        if name in self.fields:
            raise ParseError(
                number,
                _("%(what)s appears twice in question %(n)s (first at line %(first)s)")
                % {"what": labels[name], "n": question.marker_number, "first": self.field_lines[name]},
            )
        if name != "answer" and "answer" not in self.fields:
            raise ParseError(
                number,
                _("%(what)s before the answer of question %(n)s (line %(line)s)")
                % {"what": labels[name], "n": question.marker_number, "line": question.line},
            )
        if name == "answer":
            if is_chinese(line[:6]):
                self.zh_markers += 1
            else:
                self.en_markers += 1
        self.question_field = name
        self.fields[name] = [rest] if rest else []
        self.field_lines[name] = number
        # Where the field's first line is: a key point's error names its line.
        self.first_lines[name] = number if rest else number + 1

    def _meta(self, raw: str, number: int) -> None:
        if self.question is None or self.question_field != "body":
            raise ParseError(number, _("a qbank comment belongs right after a question's heading line"))
        if len(raw) > MAX_META_LENGTH:
            message = _("the qbank comment is longer than %(limit)s characters") % {
                "limit": f"{MAX_META_LENGTH:,}"
            }
            raise ParseError(number, message)
        try:
            meta = json.loads(raw)
        except json.JSONDecodeError as error:
            message = _("the qbank comment is not valid JSON: %(error)s") % {"error": error.msg}
            raise ParseError(number, message) from None
        except RecursionError:
            raise ParseError(number, _("the qbank comment is nested too deeply")) from None
        if not isinstance(meta, dict):
            raise ParseError(number, _("the qbank comment must hold a JSON object"))
        if unknown := set(meta) - META_KEYS:
            message = _("unknown keys in the qbank comment: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
            raise ParseError(number, message)
        question = self.question
        for key in ("category", "difficulty", "slug"):
            if key in meta:
                if not isinstance(meta[key], str):
                    raise ParseError(number, _("“%(key)s” must be a string") % {"key": key})
                _refuse_nul(meta[key], key, number)
                setattr(question, key, meta[key])
        if "tags" in meta:
            if not isinstance(meta["tags"], list) or not all(isinstance(tag, str) for tag in meta["tags"]):
                raise ParseError(number, _("“tags” must be a list of strings"))
            for tag in meta["tags"]:
                _refuse_nul(tag, "tags", number)
            question.tags = meta["tags"]
        if "position" in meta:
            position = meta["position"]
            # bool is an int to Python; the column is a 32-bit integer.
            if type(position) is not int or not 1 <= position <= MAX_POSITION:
                raise ParseError(
                    number,
                    _("“position” must be a whole number from 1 to %(max)s") % {"max": f"{MAX_POSITION:,}"},
                )
            question.position = position

    def _finish_question(self) -> None:
        question = self.question
        if question is None:
            return
        if "answer" not in self.fields:
            raise ParseError(
                question.line,
                _("question %(n)s has no answer (a line starting with **答案：** or **Answer:**)")
                % {"n": question.marker_number},
            )
        for name, lines in self.fields.items():
            setattr(question, name, _block(lines))
        if not question.answer:
            message = _("the answer of question %(n)s is empty") % {"n": question.marker_number}
            raise ParseError(self.field_lines["answer"], message)
        if "key_points" in self.fields:
            try:
                parse_key_points("\n".join(self.fields["key_points"]))
            except KeyPointsError as error:
                raise ParseError(self.first_lines["key_points"] + error.line - 1, str(error)) from None
        if "solutions" in self.fields:
            try:
                parse_solutions("\n".join(self.fields["solutions"]), first_line=self.first_lines["solutions"])
            except SolutionsError as error:
                raise ParseError(error.line, str(error)) from None
        self.article.questions.append(question)
        self.question = None

    # the result ------------------------------------------------------------------------

    def _result(self) -> ParsedArticle:
        article = self.article
        article.intro = _block(self.regions["intro"])
        article.conclusion = _block(self.regions["conclusion"])
        article.appendix = _block(self.regions["appendix"])
        if not article.questions:
            raise ParseError(
                article.line,
                _("no questions found: each starts with a line like **问题1：…** or **Question 1: …**"),
            )
        if not article.title and not article.standalone:
            raise ParseError(article.line, _("the article has no title (### 自拟标题：… or a first heading)"))
        if not article.language:
            zh = self.zh_markers > self.en_markers or (
                self.zh_markers == self.en_markers and is_chinese(article.title)
            )
            article.language = "zh-hans" if zh else "en"
        self._apply_defaults()
        seen: dict[int, int] = {}
        for question in article.questions:
            if question.position in seen:
                raise ParseError(
                    question.line,
                    _("position %(position)s is used twice (also at line %(line)s)")
                    % {"position": question.position, "line": seen[question.position]},
                )
            seen[question.position] = question.line
        return article

    def _apply_defaults(self) -> None:
        for question in self.article.questions:
            if not question.category:
                if self.defaults.get("category"):
                    question.category = self.defaults["category"]
                else:
                    question.category = infer_category(question.title)
                    question.category_inferred = True
            if not question.difficulty and self.defaults.get("difficulty"):
                question.difficulty = self.defaults["difficulty"]
            if question.tags is None and "tags" in self.defaults:
                question.tags = list(self.defaults["tags"])


def _block(lines: list[str]) -> str:
    """Lines of one field, verbatim, without the blank lines around them."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end]).rstrip()


def parse_text(text: str, origin: str = "") -> list[ParsedArticle]:
    lines = text.split("\n")
    articles = []
    for start, end in split_articles(lines):
        try:
            article = _ArticleParser(lines, start, end).parse()
        except ParseError as error:
            error.origin = origin
            raise
        article.origin = origin
        articles.append(article)
    return articles


def parse_articles(data: bytes, origin: str = "") -> list[ParsedArticle]:
    """Uploaded bytes → the articles they hold. Raises `ParseError`."""
    try:
        text = decode_article(data)
    except ParseError as error:
        error.origin = origin
        raise
    return parse_text(text, origin)


def apply_category_map(articles: list[ParsedArticle], mapping: dict[str, str]) -> None:
    """Explicit categories (`--category-map 4=coding,典型问题/面试题库=concept`):
    a key is a question's position or the text of a question section's heading."""
    for article in articles:
        for question in article.questions:
            slug = mapping.get(str(question.position)) or mapping.get(question.section)
            if slug:
                question.category = slug
                question.category_inferred = False
