"""Which of the optional page scripts a page needs, decided on the server
from its rendered HTML, and the Content-Security-Policy that goes with them.

- A diagram (`diagrams.has_diagram`) loads static/js/diagrams.js, which loads
  the vendored Mermaid. Mermaid writes `style` attributes and a `<style>`
  element into each SVG it draws, so those pages allow inline styles (never
  inline script): see docs/security.md.
- A Python code block loads static/js/run-python.js, which adds the Run
  buttons; Pyodide runs in a Web Worker and compiles WebAssembly, so those
  pages add `'wasm-unsafe-eval'` to script-src (not `'unsafe-eval'`) and
  `worker-src 'self'`.

Every other page keeps the site's policy (qbank/settings.py). The view sets
the widened policy as the response's header, built by django-csp from the
site's policy plus the update (CSPMiddleware leaves a header it finds), so
the page cache can store it with the page and replay it (pagecache.py).
"""

import re
from dataclasses import dataclass

from csp.constants import SELF, UNSAFE_INLINE, WASM_UNSAFE_EVAL
from csp.utils import build_policy
from django.conf import settings

from .diagrams import has_diagram

CSP_HEADER = "Content-Security-Policy"
RUNNABLE_LANGUAGES = ("python", "py", "python3")
_RUNNABLE_BLOCK = re.compile(
    r'<div class="highlight" data-lang="(?:{})">'.format("|".join(map(re.escape, RUNNABLE_LANGUAGES)))
)

DIAGRAM_POLICY = {"style-src": [UNSAFE_INLINE]}
RUN_PYTHON_POLICY = {"script-src": [WASM_UNSAFE_EVAL], "worker-src": [SELF]}


def has_runnable_code(fragment: str) -> bool:
    return _RUNNABLE_BLOCK.search(fragment) is not None


@dataclass(frozen=True)
class PageScripts:
    diagrams: bool = False
    run_python: bool = False

    @classmethod
    def for_html(cls, *fragments: str | None) -> "PageScripts":
        texts = [fragment for fragment in fragments if fragment]
        return cls(
            diagrams=any(has_diagram(text) for text in texts),
            run_python=any(has_runnable_code(text) for text in texts),
        )

    @property
    def time_limit(self) -> int:
        return settings.RUN_PYTHON_TIME_LIMIT_SECONDS

    def policy_update(self) -> dict[str, list[str]]:
        update: dict[str, list[str]] = {}
        for needed, policy in ((self.diagrams, DIAGRAM_POLICY), (self.run_python, RUN_PYTHON_POLICY)):
            if needed:
                for directive, sources in policy.items():
                    update.setdefault(directive, []).extend(sources)
        return update

    def apply_policy(self, response):
        """The site's policy widened as far as these scripts need, on
        `response`; untouched when the page has none of them."""
        update = self.policy_update()
        if update:
            response[CSP_HEADER] = build_policy(update=update)
        return response


# The rendered fields of a question that a page may show.
QUESTION_HTML_FIELDS = ("body_html", "answer_html", "explanation_html", "editor_note_html", "solutions_html")


def question_page_scripts(question, *more_html: str | None) -> PageScripts:
    """The scripts a page showing `question` (and `more_html`, such as a
    candidate's own answer) needs."""
    return PageScripts.for_html(*(getattr(question, name, "") for name in QUESTION_HTML_FIELDS), *more_html)
