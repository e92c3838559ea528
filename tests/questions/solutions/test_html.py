import pytest

from questions.markdown import MarkdownTooSlow
from questions.solutions.html import render_solutions
from tests.factories import QuestionFactory

pytestmark = pytest.mark.usefixtures("english")

SOLUTIONS = """The **short** way.

```python
print("<script>alert(1)</script>")
```

<img src=x onerror=alert(1)> <script>alert(2)</script>

```cpp
int main() { return 0; }
```
"""


def test_each_solution_is_a_section_with_its_language_note_and_highlighted_code():
    html = render_solutions(SOLUTIONS)
    assert html.startswith('<div class="solutions" data-solutions>')
    assert html.count('<section class="solution"') == 2
    assert (
        '<section class="solution" data-language="python">\n<h3 class="solution-language">Python</h3>' in html
    )
    assert '<h3 class="solution-language">C++</h3>' in html
    assert '<div class="solution-note"><p>The <strong>short</strong> way.</p></div>' in html
    assert '<div class="highlight" data-lang="python">' in html
    assert '<code class="language-cpp">' in html
    assert '<span class="nb">print</span>' in html  # highlighted by Pygments


def test_notes_and_code_are_sanitized():
    html = render_solutions(SOLUTIONS)
    assert "<script" not in html
    assert "onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the code, shown as written


def test_text_that_does_not_parse_renders_nothing():
    assert render_solutions("```python\nnever closed") == ""
    assert render_solutions("") == ""


@pytest.mark.django_db
def test_saving_a_question_renders_its_solutions_and_keeps_them_out_of_revisions_html():
    question = QuestionFactory(solutions="```go\nfmt.Println(1)\n```")
    question.refresh_from_db()
    assert '<h3 class="solution-language">Go</h3>' in question.solutions_html
    revision = question.history.latest()
    assert revision.solutions == question.solutions
    assert not hasattr(revision, "solutions_html")
    assert question.parsed_solutions()[0].name == "Go"


@pytest.mark.django_db
def test_solutions_render_in_the_same_budgeted_call_as_the_other_fields(monkeypatch):
    calls = []

    def too_slow(texts):
        calls.append(texts)
        raise MarkdownTooSlow(field=len(texts) - 1)

    monkeypatch.setattr("questions.models.base.render_many", too_slow)
    with pytest.raises(MarkdownTooSlow):
        QuestionFactory(solutions="A note.\n\n```go\nx\n```")
    assert len(calls) == 1
    assert calls[0][-2:] == ["A note.", "```go\nx\n```"]
