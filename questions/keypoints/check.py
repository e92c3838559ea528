"""The deterministic checker: which key points a typed answer covers, and where.

Explainable by design: a point is covered when its statement or one of its
phrasings appears in the answer, compared as the search index compares text
(`questions.search.tokens`: words split at punctuation, a Chinese string
found inside a longer run), after folding what a candidate cannot be blamed
for:

- Unicode compatibility forms and full/half width (NFKC: `ＧＰＵ` is `gpu`);
- case (`casefold()`);
- traditional characters (OpenCC's `t2s`: `注意力機制` is `注意力机制`);
- English endings, stemmed as the search index stems them (`weights`
  matches `weight`, `scaled` matches `scale`).

Every covered point carries the spans of the candidate's own words that
matched, as offsets into the text as typed, so the page can highlight them.

Bounded: the answer is read up to `MAX_ANSWER_LENGTH` characters and at most
`MAX_POINTS` points; the work is one pass to fold and tokenise the answer,
then, per phrasing, a look-up in a word (or word-pair) index or a `str.find`
over the folded text — near-linear in the answer's length — and at most
`MAX_PLACES_LOOKED_AT` places are examined in all, so an answer built to
stall the checker (one word repeated thousands of times) costs tens of
milliseconds, not seconds.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import opencc
import Stemmer

from ..search.tokens import CJK_CHARS, SEPARATOR_CHARS
from .parse import MAX_POINTS
from .points import AGAIN, EASY, GOOD, HARD, Feedback, KeyPoint, PointVerdict

CHECKER = "phrasings"
MAX_ANSWER_LENGTH = 10_000
# Highlights a point keeps: enough to show where, not every repetition.
MAX_SPANS_PER_POINT = 10
# Places a check may look at, all phrasings together: an answer repeating a
# word thousands of times against phrasings that start with it but never go
# on as written (the only way to make one), is read only so far. A normal
# answer needs a few hundred.
MAX_PLACES_LOOKED_AT = 20_000

# What `lower()` does not fold as NFKC + casefold() would: anything outside
# ASCII and the unified CJK ideographs.
_NEEDS_FOLDING = re.compile("[^\\x00-\\x7f\\u4e00-\\u9fff]")
_TOKEN = re.compile(f"(?P<cjk>[{CJK_CHARS}]+)|(?P<word>[^{SEPARATOR_CHARS}{CJK_CHARS}]+)")


@cache
def _converter() -> opencc.OpenCC:
    # Loading the dictionaries takes a few milliseconds: once per process.
    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class _Token:
    text: str  # folded; a word is also stemmed
    start: int  # offsets into the folded text
    end: int
    cjk: bool


class _Folded:
    """A text folded for comparison, with the way back to the text as typed."""

    def __init__(self, text: str):
        folded, self.origins = _fold(text)
        self.text = _simplified(folded)
        # Parallel lists rather than a token object each: a long answer has
        # thousands of tokens, and building objects was most of the time.
        matches = list(_TOKEN.finditer(self.text))
        self.starts = [match.start() for match in matches]
        self.ends = [match.end() for match in matches]
        self.cjk = [match.lastgroup == "cjk" for match in matches]
        texts = [match.group() for match in matches]
        words = [number for number, cjk in enumerate(self.cjk) if not cjk]
        for number, stem in zip(words, _stem_all([texts[number] for number in words]), strict=True):
            texts[number] = stem
        self.texts = texts
        self.words: dict[str, list[int]] = {}
        for number, (text, cjk) in enumerate(zip(self.texts, self.cjk, strict=True)):
            if not cjk:
                self.words.setdefault(text, []).append(number)
        self.places_left = MAX_PLACES_LOOKED_AT

    @cached_property
    def word_pairs(self) -> dict[tuple[str, str], list[int]]:
        """Where each two words follow each other: a phrasing of several
        words goes straight to its places, however common its first word."""
        pairs: dict[tuple[str, str], list[int]] = {}
        texts, cjk = self.texts, self.cjk
        for number in range(len(texts) - 1):
            if not cjk[number] and not cjk[number + 1]:
                pairs.setdefault((texts[number], texts[number + 1]), []).append(number)
        return pairs

    def tokens(self) -> tuple[_Token, ...]:
        return tuple(
            _Token(*token) for token in zip(self.texts, self.starts, self.ends, self.cjk, strict=True)
        )

    def token_at(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.origins[start], self.origins[end - 1] + 1


def _fold(text: str) -> tuple[str, range | list[int]]:
    """`text` folded, and the typed offset of each folded character.

    ASCII and the common CJK block fold in C (`lower()`: one character for
    one); only the other characters (full-width forms, compatibility
    ideographs, ß, ㎏ …), few in any answer, are folded one by one."""
    pieces: list[str] = []
    resized = False
    position = 0
    for match in _NEEDS_FOLDING.finditer(text):
        start = match.start()
        pieces.append(text[position:start].lower())
        folded = _fold_char(match.group())
        resized = resized or len(folded) != 1
        pieces.append(folded)
        position = start + 1
    pieces.append(text[position:].lower())
    folded_text = "".join(pieces)
    if not resized:
        return folded_text, range(len(text))
    origins: list[int] = []
    position = 0
    for match in _NEEDS_FOLDING.finditer(text):
        start = match.start()
        origins.extend(range(position, start))
        origins.extend([start] * len(_fold_char(match.group())))
        position = start + 1
    origins.extend(range(position, len(text)))
    return folded_text, origins


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).casefold()


def _simplified(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length (rare): convert character by
    # character so that offsets still line up.
    return "".join(converted if len(converted := _converter().convert(char)) == 1 else char for char in text)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _stem_all(words: list[str]) -> list[str]:
    # Snowball's English stemmer, as Postgres' `english` configuration stems
    # the search index (scaled, scales → scale; encodings → encod).
    return _stemmer().stemWords(words)


@lru_cache(maxsize=4096)
def _phrase_tokens(phrase: str) -> tuple[_Token, ...]:
    return _Folded(phrase).tokens()


def _find(phrase: tuple[_Token, ...], answer: _Folded) -> list[tuple[int, int]]:
    """Where the phrase's tokens appear in a row in the answer, as folded
    offsets: a Chinese token may sit inside a longer run at the phrase's ends
    (as search finds 模型 in 大模型), its inner tokens must be whole."""
    if not phrase:
        return []
    found = []
    for token_number, start, end in _anchors(phrase, answer):
        if answer.places_left <= 0:
            break
        answer.places_left -= 1
        if len(phrase) > 1:
            end = _rest_matches(phrase, answer, token_number)
        if end is not None:
            found.append((start, end))
        if len(found) == MAX_SPANS_PER_POINT:
            break
    return found


def _anchors(phrase: tuple[_Token, ...], answer: _Folded):
    """(token number, folded start, folded end) of each place the phrase's
    first token fits."""
    first = phrase[0]
    if not first.cjk:
        if len(phrase) > 1 and not phrase[1].cjk:
            numbers = answer.word_pairs.get((first.text, phrase[1].text), ())
        else:
            numbers = answer.words.get(first.text, ())
        for number in numbers:
            yield number, answer.starts[number], answer.ends[number]
        return
    alone = len(phrase) == 1
    position = answer.text.find(first.text)
    while position != -1:
        number = answer.token_at(position)
        end = position + len(first.text)
        run_end = answer.ends[number]
        if alone or run_end == end:
            yield number, position, end
            position = answer.text.find(first.text, position + 1)
        else:
            # Followed by more of the phrase, this part must end its run:
            # only the run's end can fit, so look there next.
            position = answer.text.find(first.text, max(position + 1, run_end - len(first.text)))


def _rest_matches(phrase: tuple[_Token, ...], answer: _Folded, first_number: int) -> int | None:
    if first_number + len(phrase) > len(answer.texts):
        return None
    end = 0
    for offset, part in enumerate(phrase[1:], start=1):
        number = first_number + offset
        text, cjk = answer.texts[number], answer.cjk[number]
        if part.cjk != cjk:
            return None
        if part.cjk and offset == len(phrase) - 1:
            if not text.startswith(part.text):
                return None
            end = answer.starts[number] + len(part.text)
        elif text != part.text:
            return None
        else:
            end = answer.ends[number]
    return end


def _verdict(point: KeyPoint, answer: _Folded) -> PointVerdict:
    spans: set[tuple[int, int]] = set()
    for phrase in (point.statement, *point.phrasings):
        for start, end in _find(_phrase_tokens(phrase), answer):
            spans.add(answer.original_span(start, end))
        if len(spans) >= MAX_SPANS_PER_POINT:
            break
    kept = tuple(sorted(spans)[:MAX_SPANS_PER_POINT])
    return PointVerdict(point, covered=bool(kept), spans=kept)


def suggested_grade(verdicts: tuple[PointVerdict, ...]) -> int:
    """Essential points weigh twice an optional one. Every point: Easy; every
    essential one: Good; at least half the weight: Hard; less: Again."""
    if not verdicts:
        return GOOD
    weight = sum(2 if verdict.point.essential else 1 for verdict in verdicts)
    covered = sum(2 if verdict.point.essential else 1 for verdict in verdicts if verdict.covered)
    if covered == weight:
        return EASY
    if all(verdict.covered for verdict in verdicts if verdict.point.essential):
        return GOOD
    return HARD if covered * 2 >= weight else AGAIN


def check_answer(points: tuple[KeyPoint, ...] | list[KeyPoint], text: str) -> Feedback:
    """Which of `points` `text` covers, where, and the grade that suggests.
    Reads at most `MAX_ANSWER_LENGTH` characters and `MAX_POINTS` points."""
    answer = _Folded((text or "")[:MAX_ANSWER_LENGTH])
    verdicts = tuple(_verdict(point, answer) for point in tuple(points)[:MAX_POINTS])
    return Feedback(verdicts=verdicts, suggested_grade=suggested_grade(verdicts), checker=CHECKER)
