"""The candidate's text cut into pieces, the ones a checker matched marked,
for the feedback include to print (escaped) without any logic of its own."""

from .points import Feedback


def answer_segments(feedback: Feedback, text: str) -> list[tuple[str, bool]]:
    """`text` as (piece, covered) pairs in order: overlapping and touching
    spans of every covered point are merged into one highlight."""
    spans = sorted(
        (max(start, 0), min(end, len(text)))
        for verdict in feedback.verdicts
        if verdict.covered
        for start, end in verdict.spans
        if start < end
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments = []
    position = 0
    for start, end in merged:
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    if position < len(text):
        segments.append((text[position:], False))
    return segments
