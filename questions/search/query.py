"""A user's search query, parsed once per request into a `ParsedQuery`.

Websearch syntax (words, "quoted phrases", -exclusions, `or`) becomes a
tsquery built from sanitized index tokens. The tsquery is computed once per
`ParsedQuery` and shared by everything a results page does with it: match,
rank, and the lexemes the highlighter marks.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import SearchQuery

from .tokens import CJK_CHAR, CJK_CHARS, SEARCH_CONFIG, SEPARATOR_CHAR, SEPARATOR_CHARS, index_text, is_cjk

MAX_QUERY_LENGTH = 200

_PIECE_RE = re.compile(rf"{CJK_CHAR}+|[^{CJK_CHARS}{SEPARATOR_CHARS}\s]+")
_EDGE_SEPARATORS_RE = re.compile(rf"^(?:{SEPARATOR_CHAR}|\s)+|(?:{SEPARATOR_CHAR}|\s)+\Z")

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
        """The term's CJK runs and words, which the highlighter marks."""
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

    @property
    def has_negation(self) -> bool:
        return any(term.negated for term in self.terms)

    @property
    def has_alternatives(self) -> bool:
        """Whether a group offers two or more positive terms (`a or b`): then
        a title may hold more of the words than another of its length."""
        return any(sum(not term.negated for term in group) > 1 for group in self.groups)

    def to_tsquery(self, *, positive_only: bool = False) -> str:
        """tsquery syntax for `to_tsquery()`. Every lexeme is a quoted token
        made of word or CJK characters only (separators, quotes and
        backslashes never survive `index_text`), so user input cannot add
        operators; the string is still passed as a bound parameter."""
        return self._positive_tsquery if positive_only else self._tsquery

    # Computed once: a results page matches, ranks and highlights with it.
    @cached_property
    def _tsquery(self) -> str:
        return self._build_tsquery(positive_only=False)

    @cached_property
    def _positive_tsquery(self) -> str:
        return self._build_tsquery(positive_only=True)

    def _build_tsquery(self, *, positive_only: bool) -> str:
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
