import pytest

from questions.models import Question
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SOLUTIONS = "Slicing.\n\n```python\nprint(s[::-1])\n```\n\n```java\nSystem.out.println(s);\n```"


def test_question_page_shows_solutions_as_sections_behind_their_reveal(client, django_assert_max_num_queries):
    question = QuestionFactory(solutions=SOLUTIONS)
    # The content version and the question: solutions add no query.
    with django_assert_max_num_queries(2):
        html = client.get(question.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    reveal = html[html.index('<details class="reveal reveal-solutions">') :]
    assert reveal.index("<summary>Solutions by language</summary>") < reveal.index("</details>")
    assert '<div class="solutions" data-solutions>' in reveal
    assert '<h3 class="solution-language">Java</h3>' in reveal
    assert '<span class="nb">print</span>' in reveal
    assert html.index("reveal-answer") < html.index("reveal-solutions")
    assert "js/solutions.js" in html  # the tabs, with JavaScript
    chinese = client.get(question.get_absolute_url(), headers={"accept-language": "zh-hans"}).content.decode()
    assert "<summary>多语言解法</summary>" in chinese


def test_a_question_without_solutions_has_no_solutions_reveal(client):
    question = QuestionFactory()
    assert "reveal-solutions" not in client.get(question.get_absolute_url()).content.decode()


def test_solutions_code_is_not_in_the_search_document():
    question = QuestionFactory(title="Reverse a string", solutions=SOLUTIONS)
    assert list(Question.objects.search("string")) == [question]
    assert not Question.objects.search("println").exists()


def test_an_edit_of_the_solutions_reaches_the_cached_question_page(client):
    question = QuestionFactory(solutions="```python\nold_name = 1\n```")
    assert "old_name" in client.get(question.get_absolute_url()).content.decode()
    question.solutions = "```python\nnew_name = 1\n```"
    question.save()
    html = client.get(question.get_absolute_url()).content.decode()
    assert "new_name" in html
    assert "old_name" not in html
