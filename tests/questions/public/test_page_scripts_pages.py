"""The diagram and Run scripts are on the pages that need them and nowhere
else, with the Content-Security-Policy widened only there — also when the
page comes from the page cache."""

import pytest
from django.test import Client
from django.urls import reverse

from practice.models import MockInterview
from tests.factories import QuestionFactory
from tests.practice_helpers import english_client

pytestmark = pytest.mark.django_db

DIAGRAM = "```mermaid\ngraph TD\n  A --> B\n```"
PYTHON = "```python\nprint(sum(range(10)))\n```"


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def _page(**fields):
    question = QuestionFactory(**fields)
    return Client().get(question.get_absolute_url())


def test_a_page_with_a_diagram_loads_mermaid_and_allows_inline_styles_only():
    response = _page(body=DIAGRAM)

    html = response.content.decode()
    assert 'src="/static/js/diagrams.js"' in html
    assert 'data-mermaid="/static/vendor/mermaid/' in html
    assert "run-python.js" not in html
    policy = _directives(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]
    assert "worker-src" not in policy


def test_a_page_with_python_offers_run_and_allows_webassembly_only():
    response = _page(editor_note=PYTHON)

    html = response.content.decode()
    assert 'src="/static/js/run-python.js"' in html
    assert 'data-pyodide="/static/vendor/pyodide/' in html
    assert 'data-time-limit="10"' in html
    assert "diagrams.js" not in html
    policy = _directives(response)
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["worker-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_a_page_without_either_keeps_the_site_policy(settings):
    response = _page(answer="Plain **text** and `code`.")

    html = response.content.decode()
    assert "diagrams.js" not in html
    assert "run-python.js" not in html
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "worker-src" not in policy


def test_the_page_cache_replays_the_widened_policy(django_assert_max_num_queries):
    question = QuestionFactory(answer=f"{DIAGRAM}\n\n{PYTHON}")
    first = Client().get(question.get_absolute_url())
    with django_assert_max_num_queries(1):  # the content version: the page is the cached copy
        again = Client().get(question.get_absolute_url())

    assert again.content == first.content
    assert _directives(again) == _directives(first)
    assert "'wasm-unsafe-eval'" in _directives(again)["script-src"]
    other = QuestionFactory(answer="No code.")
    assert "worker-src" not in _directives(Client().get(other.get_absolute_url()))


def test_the_candidates_own_mock_answer_offers_run():
    client = english_client()
    QuestionFactory(answer="Attention.")  # no Python in the model answer
    client.post(reverse("practice:mock_new"), {"question_count": 1, "minutes_per_question": 5})
    interview = MockInterview.objects.get()
    client.get(reverse("practice:mock", args=[interview.pk]))
    client.post(reverse("practice:mock_answer", args=[interview.pk, 1]), {"text": PYTHON})

    for page in (
        reverse("practice:mock", args=[interview.pk]),
        reverse("practice:mock_summary", args=[interview.pk]),
    ):
        response = client.get(page)
        assert "run-python.js" in response.content.decode(), page
        assert "'wasm-unsafe-eval'" in _directives(response)["script-src"], page


def test_the_practice_card_loads_what_its_question_needs():
    client = english_client()
    QuestionFactory(body=DIAGRAM, answer=PYTHON)

    response = client.get(reverse("practice:home"))

    html = response.content.decode()
    assert "diagrams.js" in html
    assert "run-python.js" in html
    policy = _directives(response)
    assert "'wasm-unsafe-eval'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]


def test_an_unanswered_mock_question_loads_only_what_its_prompt_needs():
    client = english_client()
    QuestionFactory(body=DIAGRAM, answer=PYTHON)
    client.post(reverse("practice:mock_new"), {"question_count": 1, "minutes_per_question": 5})
    interview = MockInterview.objects.get()

    response = client.get(reverse("practice:mock", args=[interview.pk]))

    html = response.content.decode()
    assert "diagrams.js" in html
    assert "run-python.js" not in html  # the model answer is not shown yet
    assert "worker-src" not in _directives(response)


def test_the_kept_script_tags_follow_the_scripts_and_the_language(fragments):
    """The script tags are the same for every visitor and kept as a template
    fragment: a page never gets another page's scripts or language (the
    time limit is a setting, the same for a process's whole life)."""
    diagram, python, both = (
        QuestionFactory(body=DIAGRAM),
        QuestionFactory(body=PYTHON),
        QuestionFactory(body=f"{DIAGRAM}\n\n{PYTHON}"),
    )

    def scripts(question, language="en"):
        html = Client().get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return ("diagrams.js" in html, "run-python.js" in html, html)

    assert scripts(diagram)[:2] == (True, False)
    assert scripts(python)[:2] == (False, True)
    assert scripts(both)[:2] == (True, True)
    assert 'data-run="Run"' in scripts(python)[2]
    assert 'data-run="运行"' in scripts(python, "zh-hans")[2]
