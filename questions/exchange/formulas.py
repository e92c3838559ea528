"""Formulas in exported HTML: the MathML the site shows becomes TeX again,
in the form the other program renders itself.

The renderer keeps each formula's TeX in a `<annotation>` inside its
`<math>` (`questions/markdown/math.py`). Anki renders `\\(…\\)` and `\\[…\\]`
with its bundled MathJax; Moodle's MathJax filter renders `$$…$$` as a
display formula and `\\(…\\)` inline (a `$$` for an inline formula would
break its line). JSON and Markdown exports carry the Markdown source, `$`
and all, and need nothing.
"""

import re

from questions.markdown.math import TEX_ENCODING

# Sanitized HTML (nh3 serialized it): attributes quoted, the TeX escaped as
# text, and a <math> never holds another.
_FORMULA = re.compile(
    r'<math display="(?P<display>block|inline)"[^>]*>.*?'
    rf'<annotation encoding="{re.escape(TEX_ENCODING)}">(?P<tex>.*?)</annotation>.*?</math>',
    re.DOTALL,
)


def _replace(fragment: str, inline: tuple[str, str], display: tuple[str, str]) -> str:
    if "<math" not in fragment:
        return fragment

    def tex(match: re.Match) -> str:
        opening, closing = display if match["display"] == "block" else inline
        return f"{opening}{match['tex']}{closing}"

    return _FORMULA.sub(tex, fragment)


def formulas_for_anki(fragment: str) -> str:
    return _replace(fragment, inline=("\\(", "\\)"), display=("\\[", "\\]"))


def formulas_for_moodle(fragment: str) -> str:
    return _replace(fragment, inline=("\\(", "\\)"), display=("$$", "$$"))
