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
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_TITLE_LENGTH = 300

# The words the exporter writes, per language; the parser accepts these and
# the variants in the patterns below.
LAYOUT = {
    "zh-hans": {
        "title": "### 自拟标题：{title}",
        "intro": "#### 引言",
        "questions": "#### 典型问题/面试题库",
        "coding": "#### 算法编程题库",
        "question": "**问题{n}：{title}**",
        "answer": "**答案：**",
        "explanation": "**解析：**",
        "editor_note": "**编者按：**",
        "conclusion": "### 结论",
        "appendix": "#### 附录",
    },
    "en": {
        "title": "### Title: {title}",
        "intro": "#### Introduction",
        "questions": "#### Interview Questions",
        "coding": "#### Coding Questions",
        "question": "**Question {n}: {title}**",
        "answer": "**Answer:**",
        "explanation": "**Explanation:**",
        "editor_note": "**Editor's note:**",
        "conclusion": "### Conclusion",
        "appendix": "#### Appendix",
    },
}

FRONT_MATTER_KEYS = {"title", "slug", "language", "url", "source", "category", "difficulty", "tags"}
META_KEYS = {"category", "difficulty", "tags", "slug", "position"}


class ParseError(Exception):
    """A problem in the input, at a line (1-based) a person can go to."""

    def __init__(self, line: int, message: str, origin: str = ""):
        super().__init__(line, message)
        self.line = line
        self.message = message
        self.origin = origin  # the file name, when known

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line}
        if self.origin:
            where = f"{self.origin}, {where}"
        return f"{where}: {self.message}"


@dataclass
class ParsedQuestion:
    position: int
    title: str
    line: int
    body: str = ""
    answer: str = ""
    explanation: str = ""
    editor_note: str = ""
    category: str = ""
    # True when the category came from keywords in the title rather than from
    # the article's section, its front matter, a comment or a flag: a guess
    # that never overrides an editor's later choice on re-import.
    category_inferred: bool = False
    difficulty: str = ""
    tags: list[str] | None = None
    slug: str = ""
    marker_number: int | None = None
    # The heading of the question's section ("典型问题/面试题库"), if any.
    section: str = ""


@dataclass
class ParsedArticle:
    line: int
    title: str = ""
    slug: str = ""
    language: str = ""
    url: str = ""
    intro: str = ""
    conclusion: str = ""
    appendix: str = ""
    # `source: none` in the front matter: loose questions, matched by slug.
    standalone: bool = False
    questions: list[ParsedQuestion] = field(default_factory=list)
    origin: str = ""  # the file name, for messages
    # Lines of text outside any question, introduction, conclusion or appendix.
    skipped_lines: list[int] = field(default_factory=list)

    @property
    def source_slug(self) -> str:
        return self.slug or slugify(self.title, allow_unicode=True)[:80].strip("-")


# --- decoding -----------------------------------------------------------------


def decode_article(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 only, never binary, never empty."""
    if not data.strip():
        raise ParseError(1, _("the file is empty"))
    if b"\x00" in data:
        raise ParseError(
            data[: data.index(b"\x00")].count(b"\n") + 1,
            _("this is a binary file, not a UTF-8 text article"),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseError(
            line, _("the file is not UTF-8 (byte %(offset)s); save it as UTF-8") % {"offset": error.start}
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError(1, _("the file is empty"))
    return text


# --- line patterns ------------------------------------------------------------

_QUESTION_WORD = r"(?:问题|题目|Question|Q)"
_SEP = r"[：:.．、]"
QUESTION_PATTERNS = (
    # **问题1：什么是大模型？**
    re.compile(rf"^\*\*\s*{_QUESTION_WORD}\s*(?P<n>\d+)\s*{_SEP}\s*(?P<title>[^*\s].*?)\s*\*\*\s*$", re.I),
    # **问题1：** 什么是大模型？
    re.compile(
        rf"^\*\*\s*{_QUESTION_WORD}\s*(?P<n>\d+)\s*{_SEP}?\s*\*\*\s*{_SEP}?\s*(?P<title>\S.*?)\s*$", re.I
    ),
)


def _marker(words: str) -> re.Pattern:
    # **答案：** text / **答案**：text / **Answer:** text / **Answer**: text
    return re.compile(rf"^\*\*\s*(?:{words})\s*[：:]?\s*\*\*\s*[：:]?\s*(?P<rest>.*?)\s*$", re.I)


ANSWER = _marker(r"答案|参考答案|回答|Answer")
EXPLANATION = _marker(r"解析|解释|答案解析|Explanation")
EDITOR_NOTE = _marker(r"编者按|编者注|Editor['’]?s note|Editor note")
META_COMMENT = re.compile(r"^<!--\s*qbank\s+(?P<json>\{.*\})\s*-->\s*$")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
FRONT_MATTER_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?:[ \t]+(?P<value>.*?))?[ \t]*$")

# In-page navigation: "[返回首页](#…) | [上一页](#…) | [下载PDF](#…)".
_NAV_LINK = re.compile(r"\[[^\]]*\]\(#[^)]*\)")
_NAV_WORDS = (
    r"下载PDF|返回正文|返回首页|返回顶部|上一页|下一页|关于我们|"
    r"Download PDF|Back to top|Previous|Next|About us"
)
_NAV_WORD_LINK = re.compile(rf"\[\s*(?:{_NAV_WORDS})\s*\]\([^)]*\)", re.I)


def is_navigation(line: str) -> bool:
    """A line made only of in-page links (and separators) is a link bar."""
    stripped = line.strip()
    if "](" not in stripped:
        return False
    rest = _NAV_WORD_LINK.sub("", _NAV_LINK.sub("", stripped))
    return not rest.strip(" \t|·•/-—")


_TITLE_HEADING = re.compile(r"^(?:自拟标题|标题|文章标题|Title)\s*[：:]\s*(?P<title>.+)$", re.I)
_NUMBERING = re.compile(r"^(?:\d+[.、．)]|[一二三四五六七八九十]+[、.．])\s*")
_HEADING_KINDS = (
    ("body", re.compile(r"^(?:博客正文|正文|文章正文|Blog post|Article|Body)$", re.I)),
    ("intro", re.compile(r"^(?:引言|前言|简介|概述|导言|Introduction|Intro|Overview)$", re.I)),
    (
        "coding",
        re.compile(
            r"算法编程|编程题|算法题|代码题|\b(?:coding|programming|algorithm(?:ic)?)\b.*\b(?:questions?|problems?|exercises?)\b",
            re.I,
        ),
    ),
    (
        "questions",
        re.compile(
            r"面试题|典型问题|题库|常见问题|问题与解答|问答|"
            r"^(?:interview|typical|common|sample)\b.*\bquestions?\b|^questions?(?: and answers)?$|^Q&A$",
            re.I,
        ),
    ),
    ("conclusion", re.compile(r"^(?:结论|总结|结语|小结|Conclusions?|Summary)$", re.I)),
    ("appendix", re.compile(r"^(?:附录|Appendix)", re.I)),
    (
        "junk",
        re.compile(
            r"^(?:其他图片资源|图片资源|图片|相关图片|下载PDF|下载|关于我们|联系我们|返回正文|"
            r"(?:other )?images?(?: resources)?|download(?: pdf)?|about us|contact(?: us)?)$",
            re.I,
        ),
    ),
)


def classify_heading(text: str) -> tuple[str, str]:
    """("title", the title) or (kind, "") for the article's own headings;
    ("", "") for a heading that is content."""
    text = text.strip().strip("*").strip()
    if match := _TITLE_HEADING.match(text):
        return "title", match["title"].strip()
    name = _NUMBERING.sub("", text).rstrip("：:").strip()
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(name):
            return kind, ""
    return "", ""


CATEGORY_RULES = (
    ("challenges", re.compile(r"挑战|难点|困难|风险|challeng|difficult|pitfall|risk", re.I)),
    ("evaluation", re.compile(r"评估|评价|衡量|评测|度量|evaluat|assess|measur", re.I)),
    ("concept", re.compile(r"什么是|是什么|概念|定义|\bwhat (?:is|are)\b|\bdefin", re.I)),
)
DEFAULT_CATEGORY = "concept"


def infer_category(title: str) -> str:
    for slug, pattern in CATEGORY_RULES:
        if pattern.search(title):
            return slug
    return DEFAULT_CATEGORY


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- front matter and article boundaries -----------------------------------------


def _front_matter_at(lines: list[str], index: int) -> int | None:
    """If a front matter block opens at `index`, the index of its closing `---`."""
    if lines[index].strip() != "---":
        return None
    keys = []
    for end in range(index + 1, min(index + 40, len(lines))):
        line = lines[end]
        if line.strip() == "---":
            return end if keys and set(keys) <= FRONT_MATTER_KEYS else None
        match = FRONT_MATTER_LINE.match(line)
        if not match:
            return None
        keys.append(match["key"].lower())
    return None


def _split_articles(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line index ranges, one per article: an article starts at
    the top of the file or at a front matter block (outside code fences)."""
    starts, fence = [0], None
    for index, line in enumerate(lines):
        if fence:
            if _closes(line, fence):
                fence = None
            continue
        if match := FENCE.match(line):
            fence = match["fence"]
            continue
        if (index == 0 or not lines[index - 1].strip()) and _front_matter_at(lines, index):
            if any(text.strip() for text in lines[starts[-1] : index]):
                starts.append(index)
            else:
                starts[-1] = index
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


_CLOSING_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*$")


def _closes(line: str, fence: str) -> bool:
    match = _CLOSING_FENCE.match(line)
    return bool(match) and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence)


# --- the parser -----------------------------------------------------------------


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
        self.defaults: dict[str, object] = {}
        self.zh_markers = self.en_markers = 0

    def parse(self) -> ParsedArticle:
        index = self._front_matter()
        fence_line, fence = 0, None
        while index < self.end:
            line, number = self.lines[index], index + 1
            index += 1
            if fence:
                if _closes(line, fence):
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
        if index >= self.end or not (close := _front_matter_at(self.lines, index)):
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
        if _is_chinese(word[:2]):
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

    def _start_field(self, name: str, rest: str, line: str, number: int) -> None:
        question = self.question
        labels = {
            "answer": _("an answer (答案/Answer)"),
            "explanation": _("an explanation (解析/Explanation)"),
            "editor_note": _("an editor's note (编者按/Editor's note)"),
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
            if _is_chinese(line[:6]):
                self.zh_markers += 1
            else:
                self.en_markers += 1
        self.question_field = name
        self.fields[name] = [rest] if rest else []
        self.field_lines[name] = number

    def _meta(self, raw: str, number: int) -> None:
        if self.question is None or self.question_field != "body":
            raise ParseError(number, _("a qbank comment belongs right after a question's heading line"))
        try:
            meta = json.loads(raw)
        except json.JSONDecodeError as error:
            message = _("the qbank comment is not valid JSON: %(error)s") % {"error": error.msg}
            raise ParseError(number, message) from None
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
                setattr(question, key, meta[key])
        if "tags" in meta:
            if not isinstance(meta["tags"], list) or not all(isinstance(tag, str) for tag in meta["tags"]):
                raise ParseError(number, _("“tags” must be a list of strings"))
            question.tags = meta["tags"]
        if "position" in meta:
            if not isinstance(meta["position"], int) or meta["position"] < 1:
                raise ParseError(number, _("“position” must be a positive whole number"))
            question.position = meta["position"]

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
                self.zh_markers == self.en_markers and _is_chinese(article.title)
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
    for start, end in _split_articles(lines):
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
