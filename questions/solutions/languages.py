"""The language of a solution's fence: any language Pygments highlights.

A language is known by its canonical alias (Pygments' first: `py`, `python3`
→ `python`; `c++` → `cpp`; `js` → `javascript`), so two fences naming one
language in two ways are one language, and a reader's choice of tab applies
on every question. Its proper name ("C++", "JavaScript") is Pygments' name
for it, the same in every interface language.
"""

from dataclasses import dataclass
from functools import lru_cache

from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

# Lexers of no programming language: a solution is code in some language.
_NOT_A_LANGUAGE = frozenset({"text", "output"})


@dataclass(frozen=True)
class Language:
    key: str  # canonical alias: the tab's key, the fence written back
    name: str  # proper name, shown on the tab


@lru_cache(maxsize=256)
def find_language(alias: str) -> Language | None:
    """The language a fence's `alias` names (case-insensitive), or None."""
    try:
        lexer = find_lexer_class_by_name(alias.lower())
    except ClassNotFound:
        return None
    key = lexer.aliases[0] if lexer.aliases else alias.lower()
    if key in _NOT_A_LANGUAGE:
        return None
    return Language(key=key, name=lexer.name)
