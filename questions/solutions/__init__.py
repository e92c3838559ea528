"""Solutions by language: a coding question's solutions, one fenced code block
per language, each with an optional short note above it.

- `languages.py` names a fence's language (any Pygments lexer, by its
  canonical alias and its proper name: `c++` → `cpp`, "C++").
- `parse.py` reads and bounds the text editors write (`parse_solutions()`,
  errors naming the line) and writes it back (`format_solutions()`).
- `html.py` turns parsed solutions into the markup pages show: a section per
  language, highlighted through the one Markdown renderer (within its time
  budget, sanitized), which `static/js/solutions.js` turns into tabs.
"""
