"""The tokenizer: text as the search index sees it (see the package docstring).

`INDEX_TEXT_PASSES` are run here by Python on queries and were frozen into
the SQL function `qbank_search_text()` by migration 0005; changing them
needs a new migration (tests/test_search_tokenizer.py checks that both agree).
"""

import re

SEARCH_CONFIG = "qbank_search"

# Code points indexed as bigrams: Han (with 々 and 〇), kana and Hangul syllables.
CJK_RANGES = (
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3041, 0x3096),
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),
    (0x30FC, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)

# Punctuation, symbols and spaces: they separate words. Listed explicitly
# (rather than `[[:alnum:]]`) so that Python and Postgres agree whatever the
# database's locale; the parser never sees `nn.Transformer` as a host name.
SEPARATOR_RANGES = (
    (0x0001, 0x002F),
    (0x003A, 0x0040),
    (0x005B, 0x0060),
    (0x007B, 0x00BF),
    (0x00D7, 0x00D7),
    (0x00F7, 0x00F7),
    (0x1680, 0x1680),
    (0x2000, 0x2BFF),
    (0x2E00, 0x2E7F),
    (0x3000, 0x3004),
    (0x3006, 0x3006),
    (0x3008, 0x303F),
    (0x30FB, 0x30FB),
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFF0F),
    (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
    (0xFFF0, 0xFFFF),
    (0x1F000, 0x1FAFF),
)

# Three English stop words: the parser counts their positions but indexes
# nothing, so a phrase cannot run across a sentence end or from one field
# into the next.
GAP = " the the the "
GAP_WORD = "the"


def _escape(code_point: int) -> str:
    # The same escapes mean the same thing to Python's `re` and to Postgres' AREs.
    return f"\\u{code_point:04x}" if code_point <= 0xFFFF else f"\\U{code_point:08x}"


def _ranges(ranges) -> str:
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)


# The inside of a regular-expression character class, for `[…]` and `[^…]`.
CJK_CHARS = _ranges(CJK_RANGES)
SEPARATOR_CHARS = _ranges(SEPARATOR_RANGES)
CJK_CHAR = f"[{CJK_CHARS}]"
SEPARATOR_CHAR = f"[{SEPARATOR_CHARS}]"
SENTENCE_END = r"[\n\r!?;\u3002\uff01\uff1f\uff1b\uff0e\uff61\u2028\u2029]|\.([ \t\n\r\f\v]|\Z)"

INDEX_TEXT_PASSES = (
    (SENTENCE_END, GAP),
    (f"{SEPARATOR_CHAR}+", " "),
    (f"({CJK_CHAR}+)", r" \1 "),
    # Each character followed by a copy of itself, space-separated:
    # 大模型 → "大 大模 模型 型", the bigrams framed by the run's ends.
    (f"({CJK_CHAR})", r"\1 \1"),
)
_COMPILED_PASSES = tuple((re.compile(pattern), replacement) for pattern, replacement in INDEX_TEXT_PASSES)
_CJK_RE = re.compile(CJK_CHAR)


def index_text(text: str) -> str:
    """The text as the index sees it: words and CJK bigrams, space-separated
    (the Python twin of the SQL function `qbank_search_text`)."""
    text = text.replace("\x00", " ")
    for pattern, replacement in _COMPILED_PASSES:
        text = pattern.sub(replacement, text)
    return text


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.fullmatch(char))
