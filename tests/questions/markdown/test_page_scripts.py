"""Which optional scripts a page needs, and how far its policy widens."""

import pytest

from questions.markdown.page_scripts import PageScripts
from questions.markdown.renderer import render_unbounded


@pytest.mark.parametrize("language", ["python", "py", "python3"])
def test_a_python_block_offers_run(language):
    scripts = PageScripts.for_html(render_unbounded(f"```{language}\nprint(1)\n```"))

    assert scripts == PageScripts(diagrams=False, run_python=True)


@pytest.mark.parametrize(
    "text",
    [
        "```javascript\nconsole.log(1)\n```",
        "```\nprint(1)\n```",
        'Inline `<div class="highlight" data-lang="python">` is text.',
    ],
)
def test_no_run_without_a_python_block(text):
    assert not PageScripts.for_html(render_unbounded(text)).run_python


def test_any_fragment_with_a_diagram_loads_the_diagram_script():
    scripts = PageScripts.for_html(None, "", render_unbounded("```mermaid\ngraph TD\n```"))

    assert scripts == PageScripts(diagrams=True, run_python=False)


def test_the_policy_widens_only_as_far_as_the_scripts_need():
    assert PageScripts().policy_update() == {}
    assert PageScripts(diagrams=True).policy_update() == {"style-src": ["'unsafe-inline'"]}
    assert PageScripts(run_python=True).policy_update() == {
        "script-src": ["'wasm-unsafe-eval'"],
        "worker-src": ["'self'"],
    }
