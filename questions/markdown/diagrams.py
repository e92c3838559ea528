"""Mermaid diagrams: a fenced ```` ```mermaid ```` block becomes

    <figure class="diagram"><pre class="mermaid-source" tabindex="0"><code>…source…</code></pre></figure>

on the server: the source, escaped, readable as it is with scripts off.
static/js/diagrams.js draws it in the browser with the vendored Mermaid, on
the pages that have one (`has_diagram()`, asked by the views).

A preprocessor ahead of fenced_code takes only the mermaid fences and leaves
every other fence (one holding a mermaid example included) to fenced_code.
"""

import html

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor

LANGUAGE = "mermaid"
SOURCE_CLASS = "mermaid-source"
FIGURE_CLASS = "diagram"
# What the sanitizer has to keep of the markup above (renderer.py).
ALLOWED_TAGS = {"figure"}
ALLOWED_CLASSES = {"figure": {FIGURE_CLASS}, "pre": {SOURCE_CLASS}}

_MARKER = f'<pre class="{SOURCE_CLASS}"'


def diagram_html(source: str) -> str:
    return (
        f'<figure class="{FIGURE_CLASS}">{_MARKER} tabindex="0"><code>'
        f"{html.escape(source.rstrip(), quote=False)}</code></pre></figure>"
    )


def has_diagram(fragment: str) -> bool:
    """Whether sanitized HTML holds a diagram (a substring: no parsing)."""
    return _MARKER in fragment


class _DiagramPreprocessor(Preprocessor):
    FENCE = FencedBlockPreprocessor.FENCED_BLOCK_RE

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if LANGUAGE not in text:
            return lines
        parts: list[str] = []
        index = 0
        for match in self.FENCE.finditer(text):
            if (match.group("lang") or "").lower() != LANGUAGE:
                continue  # another language: fenced_code's, whole
            placeholder = self.md.htmlStash.store(diagram_html(match.group("code")))
            parts.extend((text[index : match.start()], f"\n{placeholder}\n"))
            index = match.end()
        if not parts:
            return lines
        parts.append(text[index:])
        return "".join(parts).split("\n")


class DiagramExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # fenced_code runs at 25: mermaid fences must be taken before it.
        md.preprocessors.register(_DiagramPreprocessor(md), "mermaid_diagrams", 26)
