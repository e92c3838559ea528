"""MathJax formulas in Anki and Moodle fields become the site's `$…$` and `$$…$$`."""

import pytest

from questions.exchange.foreign.html_markdown import html_to_markdown


@pytest.mark.parametrize(
    ("field", "markdown"),
    [
        ("Given \\(x_1 … x_n\\), explain.", "Given $x_1 … x_n$, explain."),
        ("<p>Loss: \\[ -\\sum_i y_i \\log p_i \\]</p>", "Loss: $$-\\sum_i y_i \\log p_i$$"),
        ("<p>Moodle: $$a*b &lt; c_1$$</p>", "Moodle: $$a*b < c_1$$"),
        ("<p>It costs $5 and $10.</p>", "It costs $5 and $10."),
        ("<p>Broken \\(a <br> b\\)</p>", "Broken \\(a \\\n b\\)"),
    ],
)
def test_mathjax_delimiters_become_dollars_with_the_tex_unescaped(field, markdown):
    assert html_to_markdown(field) == markdown


def test_code_keeps_its_backslash_parentheses():
    field = '<p>\\(x\\)</p><pre><code>re.compile(r"\\(x\\)")</code></pre><p><code>\\(y\\)</code></p>'
    assert html_to_markdown(field) == '$x$\n\n```\nre.compile(r"\\(x\\)")\n```\n\n`\\(y\\)`'


def test_a_stray_placeholder_character_in_the_field_is_left_alone():
    assert html_to_markdown("x \ue0005\ue001 \\(a\\)") == "x \ue0005\ue001 $a$"
