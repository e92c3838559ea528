"""How much two questions ask the same thing, judged on their subject words.

pg_trgm's `similarity()` finds candidates fast through an index, but on a
short Chinese title it weighs the question's template as much as its subject:
什么是大模型？ and 什么是大模型幻觉？ (another question) score 0.6, while
如何评估大模型的输出质量？ and 如何评估大模型输出的质量？ (the same one) score
0.44. So the index only proposes candidates, and this decides: both texts lose
their template words (什么是, 如何, 的, "what is", …), punctuation and spacing;
what is left is compared as sets of Chinese character pairs and Latin words
(Dice's coefficient: 2·shared / (size of one + size of the other)). The same
question written again then scores 1.0 and a question on a narrower subject
stays below the threshold: a subject word more is a different question.

The word lists and the threshold were measured on the labelled pairs of
tests/bench/duplicate_pairs.py (`make bench-duplicates`).
"""

import re

# Longest first, so that 什么是 goes before 什么 and 是 could.
_CJK_TEMPLATE = sorted(
    [
        "什么是", "是什么", "为什么", "有什么", "有哪些", "是什么意思", "什么", "如何", "怎样", "怎么",
        "是否", "哪些", "一下", "进行", "意思", "请", "是", "的", "吗", "呢", "了", "做",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_LATIN_TEMPLATE = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "to",
        "is",
        "are",
        "does",
        "do",
        "how",
        "what",
        "why",
        "which",
        "explain",
        "explained",
        "describe",
        "please",
    ]
)
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"[\W_]+")

# Only the first characters count: a copied question shows in its first
# sentences, and the comparison stays cheap however long a prompt is.
MAX_CHARACTERS = 300


def subject_units(text: str) -> frozenset[str]:
    """The Latin words and the pairs of neighbouring Chinese characters of
    `text` once its template words are gone (a lone character stands for
    itself)."""
    text = _LATIN_WORD.sub(
        lambda m: " " if m.group() in _LATIN_TEMPLATE else f" {m.group()} ", text[:MAX_CHARACTERS].lower()
    )
    for word in _CJK_TEMPLATE:
        # Closed up, not spaced: 大模型的幻觉 reads as 大模型幻觉.
        text = text.replace(word, "")
    units = set()
    for run in _SEPARATORS.split(text):
        if not run:
            continue
        if run.isascii() or len(run) == 1:
            units.add(run)
        else:
            units.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(units)


def resemblance(first: str, second: str) -> float:
    """0 (nothing in common) to 1 (the same subject words)."""
    a, b = subject_units(first), subject_units(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
