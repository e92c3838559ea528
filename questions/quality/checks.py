"""Content checks of one question: what an editor should look at before a
question goes public. Nothing here runs the code it reads: Python is only
parsed (`ast.parse`), JSON and YAML only loaded as data (`yaml.safe_load`).

`check_question()` returns every finding with its details (the change form
shows them); `issue_codes()` just the kinds (stored in
`Question.quality_issues` on every save, for the changelist's "needs
attention" filter). Checks read the Markdown source, and the rendered HTML
for links (so that reference-style links and autolinks count too).
"""

import ast
import json
import re
from dataclasses import dataclass

import yaml
from django.utils.translation import gettext_lazy as _
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from .links import LinkTargets, broken_internal_links

EMPTY_EXPLANATION = "empty_explanation"
SHORT_EXPLANATION = "short_explanation"
CODE_WITHOUT_LANGUAGE = "code_without_language"
CODE_DOES_NOT_PARSE = "code_does_not_parse"
BROKEN_LINK = "broken_link"

ISSUE_LABELS = {
    EMPTY_EXPLANATION: _("Empty explanation"),
    SHORT_EXPLANATION: _("One-line explanation"),
    CODE_WITHOUT_LANGUAGE: _("Code block without a language"),
    CODE_DOES_NOT_PARSE: _("Code that does not parse"),
    BROKEN_LINK: _("Broken internal link"),
}

# An explanation of a single line narrower than this many columns (a CJK
# character is two columns wide, as on a terminal: it says about twice as
# much as a Latin letter) says too little to explain an answer.
SHORT_EXPLANATION_COLUMNS = 80

# The fields that hold Markdown an editor wrote, with the change form's names.
FIELD_LABELS = {
    "body": _("prompt"),
    "answer": _("answer"),
    "explanation": _("explanation"),
    "editor_note": _("editor's note"),
}
CHECKED_FIELDS = tuple(FIELD_LABELS)

# The very pattern Python-Markdown's fenced_code extension renders with, so a
# block is checked exactly when it is rendered as code.
_FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
_ATTRS_LANGUAGE = re.compile(r"(?:^|\s)\.([\w#.+-]+)")

PYTHON_LANGUAGES = {"python", "py", "python3", "py3"}
JSON_LANGUAGES = {"json"}
YAML_LANGUAGES = {"yaml", "yml"}


@dataclass(frozen=True)
class Issue:
    code: str
    field: str  # one of CHECKED_FIELDS, or "" for the question as a whole
    detail: str = ""

    @property
    def label(self):
        return ISSUE_LABELS[self.code]

    @property
    def field_label(self):
        return FIELD_LABELS.get(self.field, "")


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str
    line: int  # of the opening fence, 1-based, in its field


def code_blocks(markdown_text: str) -> list[CodeBlock]:
    blocks = []
    for match in _FENCED_BLOCK.finditer(markdown_text or ""):
        language = match.group("lang") or ""
        if match.group("attrs"):
            found = _ATTRS_LANGUAGE.search(match.group("attrs"))
            language = found.group(1) if found else ""
        line = markdown_text.count("\n", 0, match.start()) + 1
        blocks.append(CodeBlock(language.lower(), match.group("code"), line))
    return blocks


def syntax_error(block: CodeBlock) -> str | None:
    """Why `block` does not parse in its language, or None (it does, or its
    language is not one we parse). Lines are counted in the field, as the
    editor sees them, not in the block."""
    line, message = _parse(block)
    if message is None:
        return None
    if line is None:
        return message
    # The block's first line of code is the line after its opening fence.
    return _("line %(line)s: %(message)s") % {"line": block.line + line, "message": message}


def _parse(block: CodeBlock) -> tuple[int | None, str | None]:
    """(line within the block, message) of the first error, or (None, None)."""
    try:
        if block.language in PYTHON_LANGUAGES:
            ast.parse(block.code)
        elif block.language in JSON_LANGUAGES:
            json.loads(block.code)
        elif block.language in YAML_LANGUAGES:
            # safe_load builds plain data only (no Python objects); every
            # document of a multi-document stream is read.
            for _document in yaml.safe_load_all(block.code):
                pass
    except SyntaxError as error:
        return error.lineno, error.msg
    except json.JSONDecodeError as error:
        return error.lineno, error.msg
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return (mark.line + 1 if mark else None), getattr(error, "problem", None) or str(error)
    except (ValueError, RecursionError, MemoryError) as error:
        # NUL bytes, or nesting deeper than the parser copes with.
        return None, str(error) or error.__class__.__name__
    return None, None


def _explanation_issue(explanation: str) -> Issue | None:
    text = (explanation or "").strip()
    if not text:
        return Issue(EMPTY_EXPLANATION, "explanation")
    if "\n" not in text and _columns(text) < SHORT_EXPLANATION_COLUMNS:
        return Issue(SHORT_EXPLANATION, "explanation")
    return None


def _columns(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def content_issues(question) -> list[Issue]:
    """The checks that need nothing but the question itself."""
    issues = []
    explanation = _explanation_issue(question.explanation)
    if explanation:
        issues.append(explanation)
    for field in CHECKED_FIELDS:
        for block in code_blocks(getattr(question, field)):
            if not block.language:
                detail = _("fence on line %(line)d") % {"line": block.line}
                issues.append(Issue(CODE_WITHOUT_LANGUAGE, field, detail))
                continue
            error = syntax_error(block)
            if error:
                detail = _("%(language)s block on line %(line)d: %(error)s") % {
                    "language": block.language,
                    "line": block.line,
                    "error": error,
                }
                issues.append(Issue(CODE_DOES_NOT_PARSE, field, detail))
    return issues


def check_question(question, link_targets: LinkTargets, content=None) -> list[Issue]:
    """Every finding about `question`, its rendered HTML being current
    (`question.render()` has run, as `save()` does). `content`: its
    `content_issues()`, when the caller has them already."""
    issues = content_issues(question) if content is None else list(content)
    for field in CHECKED_FIELDS:
        for href in broken_internal_links(getattr(question, f"{field}_html"), link_targets):
            issues.append(Issue(BROKEN_LINK, field, href))
    return issues


def issue_codes(issues) -> list[str]:
    """The kinds of `issues`, each once, in a stable order (what is stored)."""
    found = {issue.code for issue in issues}
    return [code for code in ISSUE_LABELS if code in found]
