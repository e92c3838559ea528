import pytest
from django.core.exceptions import ValidationError

from questions.solutions.parse import (
    MAX_NOTE_LENGTH,
    MAX_SOLUTIONS,
    MAX_SOLUTIONS_LENGTH,
    Solution,
    SolutionsError,
    format_solutions,
    parse_solutions,
)
from tests.factories import QuestionFactory

pytestmark = pytest.mark.usefixtures("english")

EXAMPLE = """Two pointers from both ends.

```py
def is_palindrome(s):
    return s == s[::-1]
```

```c++
bool isPalindrome(const std::string& s) {
    return std::equal(s.begin(), s.begin() + s.size() / 2, s.rbegin());
}
```
"""


def test_each_fence_is_a_solution_with_the_note_above_it():
    python, cpp = parse_solutions(EXAMPLE)
    assert python == Solution(
        "python", "Python", "def is_palindrome(s):\n    return s == s[::-1]", "Two pointers from both ends."
    )
    assert (python.line, cpp.line) == (3, 8)
    assert (cpp.language, cpp.name, cpp.note) == ("cpp", "C++", "")


def test_no_text_is_no_solutions():
    assert parse_solutions("") == ()
    assert parse_solutions("\n  \n") == ()


def test_a_longer_fence_holds_code_with_backticks_and_writes_back_the_same():
    text = '````markdown\n```python\nx = 1\n```\n````\n\n~~~go\nfmt.Println("`")\n~~~'
    solutions = parse_solutions(text)
    assert [s.language for s in solutions] == ["markdown", "go"]
    assert solutions[0].code == "```python\nx = 1\n```"
    assert parse_solutions(format_solutions(solutions)) == solutions
    assert parse_solutions(format_solutions(parse_solutions(EXAMPLE))) == parse_solutions(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("note\n\n```\nx = 1\n```", 3, "name the language"),
        ("```python\nx = 1\n```\n\n```klingon\nx\n```", 5, "“klingon” is not a programming language"),
        ("```text\nx\n```", 1, "not a programming language"),
        ("```python title\nx\n```", 1, "only the language"),
        (
            "```python\nx = 1\n```\n```py\ny = 2\n```",
            4,
            "a second solution in Python (the first is on line 1)",
        ),
        ("```python\nx = 1\n", 1, "never closed"),
        ("```python\n\n```", 1, "no code"),
        ("```python\nx = 1\n```\n\nstray words\n", 5, "text after the last solution"),
        ("\n" + "n" * (MAX_NOTE_LENGTH + 1) + "\n```go\nx\n```", 2, "a note is longer"),
    ],
)
def test_a_mistake_names_its_line(text, line, words):
    with pytest.raises(SolutionsError) as caught:
        parse_solutions(text)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"Solutions, line {line}:")


def test_solutions_are_bounded_in_number_and_size():
    languages = ["python", "cpp", "java", "go", "javascript", "typescript", "rust", "kotlin", "swift"]
    text = "\n".join(f"```{name}\nx\n```" for name in languages)
    with pytest.raises(SolutionsError) as caught:
        parse_solutions(text)
    assert caught.value.line == 3 * MAX_SOLUTIONS + 1
    assert len(parse_solutions("\n".join(text.splitlines()[: 3 * MAX_SOLUTIONS]))) == MAX_SOLUTIONS
    with pytest.raises(SolutionsError, match="longer than 20000"):
        parse_solutions("```python\n" + "x" * MAX_SOLUTIONS_LENGTH + "\n```")


@pytest.mark.django_db
def test_the_question_form_refuses_solutions_that_do_not_parse():
    question = QuestionFactory.build(solutions="```python\nx = 1\n")
    with pytest.raises(ValidationError) as caught:
        question.full_clean(exclude=["category", "slug"])
    assert "Solutions, line 1:" in str(caught.value.message_dict["solutions"])


def test_a_fence_line_of_twenty_thousand_spaces_is_read_in_one_pass():
    # A lazy info-string pattern backtracked over such a line for seconds
    # (the editors' live preview parses on every keystroke).
    with pytest.raises(SolutionsError) as error:
        parse_solutions("```a" + " " * 19_990 + "x\ncode\n```")
    assert error.value.line == 1
