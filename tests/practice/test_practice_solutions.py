import pytest
from django.urls import reverse

from tests.factories import QuestionFactory, UserFactory
from tests.practice_helpers import english_client

pytestmark = [pytest.mark.django_db]


def test_the_card_shows_the_solutions_after_the_answer():
    QuestionFactory(
        answer="Reverse it.", solutions="```python\nprint(s[::-1])\n```\n\n```go\nfmt.Println(s)\n```"
    )
    html = english_client(UserFactory()).get(reverse("practice:home")).content.decode()
    reveal = html[html.index('<details class="reveal reveal-answer"') :]
    assert reveal.index("Reverse it.") < reveal.index("<h3>Solutions by language</h3>")
    assert '<h3 class="solution-language">Go</h3>' in reveal


def test_a_python_solution_on_the_card_gets_run_and_its_policy():
    QuestionFactory(answer="Reverse it.", solutions="```python\nprint('abc'[::-1])\n```")
    response = english_client(UserFactory()).get(reverse("practice:home"))
    assert 'src="/static/js/run-python.js"' in response.content.decode()
    assert "'wasm-unsafe-eval'" in response["Content-Security-Policy"]
