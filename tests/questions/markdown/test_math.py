import pytest

from questions.markdown import render_markdown
from questions.markdown.math import MAX_FORMULA_CHARS, MAX_FORMULAS, formula_html, length_allowed
from questions.markdown.renderer import render_unbounded, sanitize_html


def _markup(html: str) -> str:
    """The MathML's elements and attributes, without the TeX it carries."""
    return html.split("<semantics>")[1].split("<annotation")[0]


def test_inline_formula_becomes_mathml_with_its_tex_for_screen_readers():
    html = render_markdown("Attention is $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$ here.")
    assert html.startswith(
        '<p>Attention is <math display="inline" alttext="\\mathrm{softmax}(QK^T/\\sqrt{d_k})V">'
    )
    assert "<msqrt>" in html
    assert "<msub><mi>d</mi><mi>k</mi></msub>" in html
    assert (
        '<annotation encoding="application/x-tex">\\mathrm{softmax}(QK^T/\\sqrt{d_k})V</annotation>' in html
    )
    assert html.endswith("</math> here.</p>")


def test_display_formula_is_a_block_math_element_in_its_paragraph():
    html = render_markdown("$$\n\\frac{1}{n}\\sum_{i=1}^{n} x_i^2\n$$")
    assert html.startswith(
        '<p><math display="block" alttext="\\frac{1}{n}\\sum_{i=1}^{n} x_i^2" tabindex="0">'
    )
    assert "<mfrac>" in html
    assert "<munderover>" in html
    assert html.endswith("</math></p>")


def test_formula_alone_in_a_paragraph_keeps_its_paragraph():
    assert render_markdown("$x$").startswith("<p><math ")


def test_characters_come_out_as_characters_not_double_escaped():
    html = render_markdown("$a < b + \\{c\\}$")
    assert "<mo>&lt;</mo>" in html
    assert "<mo>+</mo>" in html
    assert ">{</mo>" in html
    assert "&amp;#x" not in html
    assert 'alttext="a &lt; b + \\{c\\}"' in html


@pytest.mark.parametrize(
    "prose",
    [
        "It costs $5 and $10 a month.",
        "Pay US$100 or US$200.",
        "Between $ 5 and 6 $ dollars.",
        "A price of $5.",
        "From $20 to $30, as $x",
    ],
)
def test_currency_and_stray_dollars_stay_text(prose):
    assert render_markdown(prose) == f"<p>{prose}</p>"


def test_escaped_dollar_is_a_literal_dollar():
    html = render_markdown("\\$x\\$ is not math, $y$ is")
    assert html.startswith("<p>$x$ is not math, <math ")
    assert html.count("<math") == 1


def test_code_spans_and_blocks_are_not_math():
    html = render_markdown("Use `$x$` or\n\n```python\nprint('$a$')\n```\n\n    $b$\n")
    assert "<math" not in html
    assert "<code>$x$</code>" in html


def test_markdown_inside_a_formula_is_tex_not_emphasis():
    html = render_markdown("$a_1 * b_1 * c$ and $x_i$ and $y_i$")
    assert "<em>" not in html
    assert html.count("<math") == 3


@pytest.mark.parametrize("tex", ["\\frac{a}", "x^", "\\unknowncommand{x}", "{x", "x}", "\\left( x"])
def test_invalid_tex_shows_its_source_with_the_error_marker(tex):
    html = render_markdown(f"See ${tex}$.")
    assert html == f'<p>See <code class="math-error">${tex}$</code>.</p>'


def test_a_formula_too_long_is_shown_as_source_not_converted():
    tex = "x+" * (MAX_FORMULA_CHARS // 2) + "y"
    html = render_markdown(f"${tex}$")
    assert html == f'<p><code class="math-error math-limit">${tex}$</code></p>'


def test_formulas_past_the_limit_of_a_document_are_shown_as_source():
    html = render_unbounded(" ".join(f"$x_{{{n}}}$" for n in range(MAX_FORMULAS + 2)))
    assert html.count("<math") == MAX_FORMULAS
    assert html.count('class="math-error math-limit"') == 2


def test_the_formula_count_starts_again_for_each_document():
    text = " ".join(["$x$"] * MAX_FORMULAS)
    render_unbounded(text)
    assert render_unbounded(text).count("<math") == MAX_FORMULAS


def test_tex_cannot_link_style_or_colour_the_page():
    html = render_markdown(
        "$\\href{javascript:alert(1)}{a} \\style{position:fixed}{b} \\class{notice-draft}{c}"
        " \\color{red}{d} \\colorbox{red}{e}$"
    )
    assert "<math" in html
    for attribute in ("href", "style=", "class=", "mathcolor", "mathbackground"):
        assert attribute not in _markup(html), attribute


def test_huge_spaces_are_dropped_small_ones_kept():
    html = render_markdown("$a \\hspace{-900em} b \\quad c \\rule{1em}{5000em}$")
    assert "900em" not in _markup(html)
    assert "5000em" not in _markup(html)
    assert '<mspace width="1em"></mspace>' in html
    assert length_allowed("0.278em")
    assert length_allowed("2em")
    assert not length_allowed("100em")
    assert not length_allowed("calc(100vw)")
    assert not length_allowed("1e9em")


@pytest.mark.parametrize(
    "raw",
    [
        '<math href="javascript:alert(1)"><mi>x</mi></math>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
        '<math style="position:fixed;inset:0"><mi style="color:red" class="badge">x</mi></math>',
        '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
        '<math><semantics><annotation encoding="text/html"><b>x</b></annotation></semantics></math>',
        '<math><mstyle mathcolor="red" mathbackground="red"><mi>x</mi></mstyle></math>',
    ],
)
def test_sanitizer_strips_links_styles_and_foreign_annotations_from_user_mathml(raw):
    html = sanitize_html(raw)
    for forbidden in (
        "href",
        " style=",
        " class=",
        "maction",
        "annotation-xml",
        "onerror",
        "mathcolor",
        "mathbackground",
        "text/html",
    ):
        assert forbidden not in html, (forbidden, html)


@pytest.mark.parametrize(
    ("raw", "huge"),
    [
        ('<math><mstyle mathsize="100em"><mi>x</mi></mstyle></math>', "100em"),
        ('<math><mstyle scriptlevel="-30"><mi>x</mi></mstyle></math>', "-30"),
        ('<math><mtable rowspacing="1em 900em"><mtr><mtd><mi>x</mi></mtd></mtr></mtable></math>', "900em"),
        ('<math><mtable columnspacing="900em"><mtr><mtd><mi>x</mi></mtd></mtr></mtable></math>', "900em"),
        ('<math><mfrac linethickness="5000px"><mi>a</mi><mi>b</mi></mfrac></math>', "5000px"),
    ],
)
def test_user_mathml_cannot_grow_text_or_spacing_over_the_page(raw, huge):
    assert huge not in sanitize_html(raw)


def test_reasonable_sizes_and_spacings_are_kept():
    for raw in (
        '<math><mstyle mathsize="1.2em" scriptlevel="1"><mi>x</mi></mstyle></math>',
        '<math><mfrac linethickness="0"><mi>a</mi><mi>b</mi></mfrac></math>',
        '<math><mtable rowspacing="0.5ex" columnspacing="1em 0.2778em"><mtr><mtd><mi>x</mi></mtd></mtr></mtable></math>',
    ):
        assert sanitize_html(raw) == raw


def test_sanitizer_keeps_the_mathml_the_renderer_writes():
    for tex in (
        "\\frac{a}{b}",
        "\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}",
        "\\hat{y}_i",
        "\\sqrt[3]{x}",
        "\\overbrace{x}^{n}",
        "\\binom{n}{k}",
        "\\scriptstyle x \\displaystyle y",
        "\\begin{aligned}a&=b\\\\c&=d\\end{aligned}",
        "\\Huge x",
    ):
        html = formula_html(tex, display=True)
        assert sanitize_html(html) == html, tex


def test_only_display_formulas_join_the_tab_order_and_only_as_zero():
    assert 'tabindex="0"' not in render_markdown("$x$")
    assert sanitize_html('<math tabindex="5"><mi>x</mi></math>') == "<math><mi>x</mi></math>"
