"""What a Q&A article looks like: the data it parses into, the markers,
headings and front matter that shape it, and how one file splits into
articles. The line-by-line reading is in `questions.exchange.parser`."""

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
        "key_points": "**要点：**",
        "solutions": "**多语言解法：**",
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
        "key_points": "**Key points:**",
        "solutions": "**Solutions by language:**",
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
    # One point a line (questions.keypoints.parse), checked when parsed.
    key_points: str = ""
    # Fenced code blocks, one per language (questions.solutions.parse), checked when parsed.
    solutions: str = ""
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
KEY_POINTS = _marker(r"要点|关键点|Key points")
SOLUTIONS = _marker(r"多语言解法|多语言解答|Solutions by language")
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


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- front matter and article boundaries -----------------------------------------


def front_matter_at(lines: list[str], index: int) -> int | None:
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


def split_articles(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line index ranges, one per article: an article starts at
    the top of the file or at a front matter block (outside code fences)."""
    starts, fence = [0], None
    for index, line in enumerate(lines):
        if fence:
            if closes_fence(line, fence):
                fence = None
            continue
        if match := FENCE.match(line):
            fence = match["fence"]
            continue
        if (index == 0 or not lines[index - 1].strip()) and front_matter_at(lines, index):
            if any(text.strip() for text in lines[starts[-1] : index]):
                starts.append(index)
            else:
                starts[-1] = index
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


_CLOSING_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*$")


def closes_fence(line: str, fence: str) -> bool:
    match = _CLOSING_FENCE.match(line)
    return bool(match) and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence)
