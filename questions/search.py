"""Full-text search that finds Chinese, Japanese and Korean substrings.

Postgres' text-search parser keeps a run of Han characters as one word, so
`to_tsvector('大模型是指…')` holds the single lexeme '大模型是指' and a search
for 模型 finds nothing. Here every CJK run is indexed as its overlapping
character bigrams, framed by its first and last character:

    大模型  →  大 大模 模型 型

and a query for a CJK string becomes the phrase of its bigrams
('大模' <-> '模型'). Two bigrams sit at neighbouring positions only inside one
run, so the phrase matches exactly the documents that contain the string: it
cannot continue across punctuation, a Latin word or a field boundary, where
the framing characters or a gap of stop words stand in between. Latin words
are left to Postgres' English stemmer (Transformers → transform).

The transformation is a few regular-expression passes (`INDEX_TEXT_PASSES`)
run by Python on queries and, identically, by the SQL function
`qbank_search_text()` on documents; `tests/test_search_tokenizer.py` checks
that both engines agree. The stored documents (`models.SearchDocument`) are
computed by the database (`qbank_search_document()`, called by triggers), so
they are current after every write: `save()`, the admin, `loaddata`,
`bulk_create`, `update()`, raw SQL, tag changes and tag renames.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery

SEARCH_CONFIG = "qbank_search"
MAX_QUERY_LENGTH = 200

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


CJK_CHAR = f"[{_ranges(CJK_RANGES)}]"
SEPARATOR_CHAR = f"[{_ranges(SEPARATOR_RANGES)}]"
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
_SEPARATOR_OR_SPACE_RE = re.compile(rf"(?:{SEPARATOR_CHAR}|\s)+")
_PIECE_RE = re.compile(rf"{CJK_CHAR}+|[^{_ranges(CJK_RANGES)}{_ranges(SEPARATOR_RANGES)}\s]+")
_EDGE_SEPARATORS_RE = re.compile(rf"^(?:{SEPARATOR_CHAR}|\s)+|(?:{SEPARATOR_CHAR}|\s)+\Z")


def index_text(text: str) -> str:
    """The text as the index sees it: words and CJK bigrams, space-separated
    (the Python twin of the SQL function `qbank_search_text`)."""
    text = text.replace("\x00", " ")
    for pattern, replacement in _COMPILED_PASSES:
        text = pattern.sub(replacement, text)
    return text


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.fullmatch(char))


# ---------------------------------------------------------------------------
# Queries: websearch syntax → a tsquery built from sanitized tokens.

OPENING_QUOTES = {'"': '"', "“": "”", "”": "”", "＂": "＂", "「": "」", "『": "』"}
NEGATION_SIGNS = "-－"


@dataclass(frozen=True)
class Term:
    """A word, a run of CJK text or a quoted phrase from the user's query."""

    text: str
    negated: bool = False
    prefix: bool = False

    def tokens(self) -> list[str]:
        """The index tokens the term's text must match, in order, with the
        framing characters dropped where the term's own text ends: 模型 may
        sit anywhere inside 大模型训练, so neither 模 nor 型 is required."""
        tokens = index_text(self.text).split()
        if tokens and is_cjk(self.text[0]):
            tokens = tokens[1:]
        if tokens and is_cjk(self.text[-1]):
            tokens = tokens[:-1]
        return tokens

    def to_tsquery(self) -> str:
        tokens = self.tokens()
        if not tokens:
            # A lone CJK character: the bigrams it starts, or a run's last character.
            return f"'{self.text}':*" if len(self.text) == 1 and is_cjk(self.text) else ""
        lexemes = [f"'{token}'" for token in tokens if "'" not in token and "\\" not in token]
        if not lexemes:
            return ""
        if self.prefix and not is_cjk(tokens[-1][-1]):
            lexemes[-1] += ":*"
        return " <-> ".join(lexemes)

    @property
    def pieces(self) -> list[str]:
        """The term's CJK runs and words, for substring matching."""
        return _PIECE_RE.findall(self.text)


@dataclass(frozen=True)
class ParsedQuery:
    """A conjunction of groups; a group is a disjunction of terms
    (`a b or c` → a AND (b OR c), as web search engines read it)."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    @property
    def positive_terms(self) -> list[Term]:
        return [term for term in self.terms if not term.negated]

    def to_tsquery(self, *, positive_only: bool = False) -> str:
        """tsquery syntax for `to_tsquery()`. Every lexeme is a quoted token
        made of word or CJK characters only (separators, quotes and
        backslashes never survive `index_text`), so user input cannot add
        operators; the string is still passed as a bound parameter."""
        clauses = []
        for group in self.groups:
            alternatives = []
            for term in group:
                if positive_only and term.negated:
                    continue
                tsquery = term.to_tsquery()
                if tsquery:
                    alternatives.append(f"!({tsquery})" if term.negated else tsquery)
            if len(alternatives) == 1:
                clauses.append(alternatives[0])
            elif alternatives:
                clauses.append("(" + " | ".join(alternatives) + ")")
        return " & ".join(clauses)


def parse_query(text: str | None) -> ParsedQuery:
    """Parse a websearch-style query: words, "quoted phrases", -exclusions and
    `or`. Never fails: anything unparseable is read as plain text, and the
    query is cut to MAX_QUERY_LENGTH characters."""
    text = (text or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    items: list[Term | str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] in NEGATION_SIGNS and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
        if text[i] in OPENING_QUOTES:
            closing = OPENING_QUOTES[text[i]]
            end = text.find(closing, i + 1)
            end = n if end == -1 else end
            raw, i = text[i + 1 : end], end + 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in OPENING_QUOTES:
                end += 1
            raw, i = text[i:end], end
            if not negated and raw.lower() == "or":
                items.append("or")
                continue
        stripped = _strip_separators(raw)
        if stripped:
            items.append(Term(stripped, negated=negated, prefix=raw.rstrip().endswith("*")))
    return ParsedQuery(text, _group(items))


def _strip_separators(raw: str) -> str:
    return _EDGE_SEPARATORS_RE.sub("", raw)


def _group(items: list) -> tuple[tuple[Term, ...], ...]:
    groups: list[list[Term]] = []
    join_next = False
    for item in items:
        if item == "or":
            join_next = bool(groups)
            continue
        if join_next:
            groups[-1].append(item)
        else:
            groups.append([item])
        join_next = False
    return tuple(tuple(group) for group in groups)


def search_query(parsed: ParsedQuery, *, positive_only: bool = False):
    """The parsed query as a `SearchQuery` expression (`to_tsquery` on a bound parameter)."""
    return SearchQuery(
        parsed.to_tsquery(positive_only=positive_only), search_type="raw", config=SEARCH_CONFIG
    )
