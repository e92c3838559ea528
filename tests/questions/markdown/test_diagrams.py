"""Mermaid fences: the server writes the source, escaped, in a figure that
static/js/diagrams.js draws; nothing in a diagram's source becomes markup."""

import pytest

from questions.markdown.diagrams import has_diagram
from questions.markdown.renderer import render_unbounded


def test_a_mermaid_fence_becomes_a_figure_holding_its_escaped_source():
    html = render_unbounded('Flow:\n\n```mermaid\ngraph TD\n  A["a < b & c"] --> B\n```\n')

    assert html == (
        "<p>Flow:</p>\n"
        '<figure class="diagram"><pre class="mermaid-source" tabindex="0"><code>graph TD\n'
        '  A["a &lt; b &amp; c"] --&gt; B</code></pre></figure>'
    )
    assert has_diagram(html)


@pytest.mark.parametrize(
    "payload",
    [
        "</code></pre></figure><script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        'A --> B\nclick A "javascript:alert(1)"',
        '%%{init: {"securityLevel": "loose"}}%%',
    ],
)
def test_markup_in_a_diagram_source_stays_text(payload):
    html = render_unbounded(f"```mermaid\ngraph TD\n{payload}\n```")

    assert "<script" not in html
    assert "<img" not in html
    assert html.count("<figure") == 1
    assert html.count("</figure>") == 1
    assert html.endswith("</code></pre></figure>")


def test_other_fences_stay_code_even_when_they_show_a_mermaid_fence():
    html = render_unbounded("````markdown\n```mermaid\ngraph TD\n```\n````\n\n```python\nx = 1\n```")

    assert not has_diagram(html)
    assert 'data-lang="markdown"' in html
    assert 'data-lang="python"' in html


def test_raw_html_cannot_add_attributes_or_classes_to_a_diagram():
    html = render_unbounded(
        '<figure class="diagram badge" onclick="x"><pre class="mermaid-source" style="x">a</pre></figure>'
    )

    assert html == '<figure class="diagram"><pre class="mermaid-source">a</pre></figure>'


def test_text_about_diagrams_is_not_a_diagram():
    assert not has_diagram(render_unbounded('`<pre class="mermaid-source">` and ```mermaid``` inline'))
