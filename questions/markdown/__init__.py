"""Markdown for the whole site: `render_markdown(text)` is the one way in.

- `renderer.py` turns Markdown into sanitized HTML, and nothing else.
- `budget.py` runs the renderer in child processes (`child.py`) under a time
  budget, raising `MarkdownTooSlow` past it; `RenderPool` renders many texts
  at once for imports; `request_budget` shares one budget among every
  render of a request (entered by `middleware.RequestRenderBudgetMiddleware`).

Models, the public pages, the admin preview and every import render through
here, so what an editor previews is what a candidate sees.
"""

from .budget import MarkdownTooSlow, RendererBusy, RenderPool, render_many, request_budget
from .renderer import sanitize_html, unsanitized_html

__all__ = [
    "MarkdownTooSlow",
    "RenderPool",
    "RendererBusy",
    "render_many",
    "render_markdown",
    "request_budget",
    "sanitize_html",
    "unsanitized_html",
]


def render_markdown(text: str) -> str:
    """Markdown source → sanitized HTML fragment (empty string for no text),
    within the time budget (raises `MarkdownTooSlow` past it)."""
    return render_many([text])[0]
