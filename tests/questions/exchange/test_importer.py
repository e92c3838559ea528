"""The article parser: pure functions, no database."""

import json
from pathlib import Path

import pytest

from questions.exchange.parser import ParseError, apply_category_map, parse_articles, parse_text

ROOT = Path(__file__).resolve().parents[3]
SEED_BYTES = (ROOT / "fixtures/articles/000_078af3b08b6dc3fc.txt").read_bytes()
FIXTURE = json.loads((ROOT / "fixtures/seed_article.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.usefixtures("english")

ENGLISH_ARTICLE = """\
# Title: Vector databases in practice

## Introduction

Why vectors matter.

## Interview Questions

**Question 1: What is a vector database?**

**Answer:** A database that indexes embeddings.

**Explanation:** Similarity search needs special indexes.

**Question 2: How do you evaluate recall?**

**Answer:**

- build a ground truth
- compare top-k

## Coding Questions

**Question 3: Implement cosine similarity.**

**Answer:** Like this:

```python
def cosine(a, b):
    return dot(a, b) / (norm(a) * norm(b))
```

**Explanation:** Normalise first.

## Conclusion

Use the right index.
"""


def _error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_articles(text.encode() if isinstance(text, str) else text)
    return caught.value


def test_seed_parses_into_five_questions_in_order_and_in_their_categories():
    (article,) = parse_articles(SEED_BYTES)
    assert article.title == "大模型创业：波折与变化的深度解析"
    assert article.language == "zh-hans"
    assert [(q.position, q.title, q.category) for q in article.questions] == [
        (1, "什么是大模型？", "concept"),
        (2, "大模型创业的主要挑战是什么？", "challenges"),
        (3, "如何评估一个创业公司的大模型项目？", "evaluation"),
        (4, "如何实现一个简单的Transformer模型？", "coding"),
        (5, "如何优化大模型的训练过程？", "coding"),
    ]


def test_seed_answers_explanations_and_source_parts_are_verbatim():
    (article,) = parse_articles(SEED_BYTES)
    source, *questions = (record["fields"] for record in FIXTURE)
    for name in ("title", "intro", "conclusion", "appendix", "slug"):
        assert getattr(article, "source_slug" if name == "slug" else name) == source[name], name
    for parsed, expected in zip(article.questions, questions, strict=True):
        assert parsed.answer == expected["answer"]
        assert parsed.explanation == expected["explanation"]
        assert parsed.body == expected["body"] == ""


def test_seed_python_code_block_is_intact():
    (article,) = parse_articles(SEED_BYTES)
    answer = article.questions[3].answer
    assert "```python\nimport torch\nimport torch.nn as nn\n\nclass Transformer(nn.Module):\n" in answer
    assert answer.endswith("        out = self.fc(out)\n        return out\n```")


def test_navigation_images_download_and_about_are_not_imported():
    (article,) = parse_articles(SEED_BYTES)
    everything = "\n".join(
        [article.intro, article.conclusion, article.appendix]
        + [q.answer + q.explanation + q.body for q in article.questions]
    )
    for junk in ("下载PDF", "返回正文", "返回首页", "关于我们", "图片1", "](#"):
        assert junk not in everything


def test_english_layout_parses_with_sections_and_code():
    (article,) = parse_articles(ENGLISH_ARTICLE.encode())
    assert article.title == "Vector databases in practice"
    assert article.language == "en"
    assert article.intro == "Why vectors matter."
    assert article.conclusion == "Use the right index."
    assert [(q.title, q.category) for q in article.questions] == [
        ("What is a vector database?", "concept"),
        ("How do you evaluate recall?", "evaluation"),
        ("Implement cosine similarity.", "coding"),
    ]
    assert article.questions[1].answer == "- build a ground truth\n- compare top-k"
    assert article.questions[1].explanation == ""
    assert "```python\ndef cosine(a, b):" in article.questions[2].answer


def test_category_comes_from_the_section_and_title_rules_are_only_a_guess():
    (article,) = parse_articles(SEED_BYTES)
    assert [q.category_inferred for q in article.questions] == [True, True, True, False, False]


def test_markers_inside_code_fences_are_code():
    text = (
        "### 自拟标题：围栏\n\n#### 典型问题/面试题库\n\n**问题1：围栏里有什么？**\n\n**答案：** 看代码：\n\n"
        "```markdown\n**问题2：假的问题**\n**答案：** 假的答案\n### 结论\n[返回正文](#x)\n```\n\n"
        "**解析：** 都是代码。\n"
    )
    (article,) = parse_articles(text.encode())
    assert len(article.questions) == 1
    assert "**答案：** 假的答案\n### 结论\n[返回正文](#x)\n```" in article.questions[0].answer
    assert article.questions[0].explanation == "都是代码。"
    assert article.conclusion == ""


def test_tilde_fences_and_longer_fences_nest_shorter_ones():
    text = (
        "# T\n\n**问题1：嵌套？**\n\n**答案：**\n\n~~~~\n```\n**解析：** 不是\n```\n~~~~\n\n**解析：** 是\n"
    )
    (article,) = parse_articles(text.encode())
    assert article.questions[0].answer == "~~~~\n```\n**解析：** 不是\n```\n~~~~"
    assert article.questions[0].explanation == "是"


def test_variant_markers_are_understood():
    text = "# 变体\n\n**问题1：** 标题在外面？\n\n**答案**：答案在外面。\n\n**解析**：解析也是。\n"
    (article,) = parse_articles(text.encode())
    question = article.questions[0]
    assert (question.title, question.answer, question.explanation) == (
        "标题在外面？",
        "答案在外面。",
        "解析也是。",
    )


def test_title_falls_back_to_the_first_heading():
    (article,) = parse_articles(b"## Plain heading\n\n**Question 1: Q?**\n\n**Answer:** A.\n")
    assert article.title == "Plain heading"


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    data = "\ufeff".encode() + ENGLISH_ARTICLE.replace("\n", "\r\n").encode()
    (article,) = parse_articles(data)
    assert article.questions[0].answer == "A database that indexes embeddings."
    assert "\r" not in article.questions[2].answer


def test_prompt_between_question_and_answer_is_the_body():
    text = (
        "# T\n\n**Question 1: Reverse a list.**\n\nGiven `xs`, return it reversed.\n\n**Answer:** `x[::-1]`\n"
    )
    (article,) = parse_articles(text.encode())
    assert article.questions[0].body == "Given `xs`, return it reversed."


def test_front_matter_and_question_comments_are_explicit():
    text = (
        "---\ntitle: Front title\nslug: front-title\nlanguage: en\nurl: https://example.com/a\n"
        "tags: ml, basics\n---\n\n# Ignored heading title\n\n"
        '**Question 1: Anything?**\n<!-- qbank {"category": "evaluation", "difficulty": "hard", '
        '"position": 7, "tags": ["x"], "slug": "anything"} -->\n\n**Answer:** Yes.\n\n'
        "**Question 2: More?**\n\n**Answer:** No.\n"
    )
    (article,) = parse_articles(text.encode())
    assert (article.title, article.slug, article.language, article.url) == (
        "Front title",
        "front-title",
        "en",
        "https://example.com/a",
    )
    first, second = article.questions
    assert (first.category, first.category_inferred, first.difficulty, first.position) == (
        "evaluation",
        False,
        "hard",
        7,
    )
    assert (first.tags, first.slug) == (["x"], "anything")
    assert (second.position, second.tags) == (2, ["ml", "basics"])


def test_a_file_may_hold_several_articles_each_with_front_matter():
    one = "---\ntitle: One\n---\n\n**Question 1: A?**\n\n**Answer:** a.\n"
    two = "---\ntitle: Two\n---\n\n**Question 1: B?**\n\n**Answer:** b.\n"
    articles = parse_text(f"{one}\n{two}")
    assert [(a.title, [q.title for q in a.questions]) for a in articles] == [("One", ["A?"]), ("Two", ["B?"])]


def test_a_horizontal_rule_is_not_front_matter():
    text = "# T\n\n**Question 1: A?**\n\n**Answer:** a\n\n---\n\nmore answer\n\n---\n"
    (article,) = parse_text(text)
    assert article.questions[0].answer == "a\n\n---\n\nmore answer\n\n---"


def test_category_map_overrides_by_position_or_section():
    articles = parse_articles(SEED_BYTES)
    apply_category_map(articles, {"1": "challenges", "算法编程题库": "concept"})
    assert [q.category for q in articles[0].questions] == [
        "challenges",
        "challenges",
        "evaluation",
        "concept",
        "concept",
    ]
    assert not articles[0].questions[0].category_inferred


# --- malformed input: a message that names the line --------------------------------


def test_answer_without_a_question_names_its_line():
    error = _error("# T\n\nSome intro.\n\n**答案：** 孤零零的答案\n")
    assert error.line == 5
    assert "answer" in error.message
    assert "without a question" in error.message


def test_unclosed_code_fence_names_the_line_that_opens_it():
    error = _error("# T\n\n**问题1：代码？**\n\n**答案：**\n\n```python\nprint(1)\n\n**解析：** 丢了\n")
    assert error.line == 7
    assert "never closed" in error.message


def test_missing_answer_names_the_question():
    error = _error("# T\n\n**问题1：有答案吗？**\n\n**解析：** 只有解析\n")
    assert error.line == 5
    assert "before the answer of question 1" in error.message
    error = _error("# T\n\n**问题1：有答案吗？**\n\n没有。\n\n**问题2：下一题**\n\n**答案：** 有\n")
    assert error.line == 3
    assert "question 1 has no answer" in error.message


def test_empty_answer_is_an_error():
    error = _error("# T\n\n**Question 1: Q?**\n\n**Answer:**\n\n**Explanation:** e\n")
    assert (error.line, "empty" in error.message) == (5, True)


def test_wrong_encoding_names_the_line_of_the_first_bad_byte():
    data = "# 标题\n\n**问题1：编码？**\n\n**答案：** 中文\n".encode("gbk")
    error = _error(data)
    assert error.line == 1
    assert "not UTF-8" in error.message
    data = b"# Title\n\n**Question 1: Q?**\n\n**Answer:** caf\xe9\n"
    assert _error(data).line == 5


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", "\ufeff".encode()])
def test_empty_file_is_an_error(data):
    error = _error(data)
    assert (error.line, error.message) == (1, "the file is empty")


def test_binary_file_is_an_error():
    error = _error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error.line == 3  # the first NUL byte is on the third line
    assert "binary" in error.message


def test_article_without_questions_is_an_error():
    error = _error("# Just prose\n\nNo questions here.\n")
    assert "no questions found" in error.message


def test_duplicate_answer_and_bad_comment_are_errors():
    error = _error("# T\n\n**Question 1: Q?**\n\n**Answer:** a\n\n**Answer:** b\n")
    assert (error.line, "appears twice" in error.message) == (7, True)
    error = _error("# T\n\n**Question 1: Q?**\n<!-- qbank {nope} -->\n\n**Answer:** a\n")
    assert (error.line, "not valid JSON" in error.message) == (4, True)
    error = _error('# T\n\n**Question 1: Q?**\n<!-- qbank {"colour": "red"} -->\n\n**Answer:** a\n')
    assert "colour" in error.message


def test_error_message_names_file_and_line():
    with pytest.raises(ParseError) as caught:
        parse_articles(b"# T\n\n**Answer:** a\n", origin="notes.md")
    assert str(caught.value).startswith("notes.md, line 3: ")
