"""Precision and recall of the near-duplicate check on the labelled pairs of
tests/bench/duplicate_pairs.py, and the threshold they pick.

A pair scores as `near_duplicates()` scores a candidate (the same code): 0
when the trigram indexes do not propose it, else the higher `resemblance()`
of the titles and of the prompts' beginnings.
At each threshold a pair scoring at or above it is flagged; duplicates and
paraphrases should be, questions on the same topic should not. The threshold
picked is the lowest (the most recall) whose precision reaches
TARGET_PRECISION: a check that cries wolf is soon not read, while a missed
paraphrase is the editor's own judgement to make (F1 is printed beside it).
"""

from dataclasses import dataclass

from tests.bench.duplicate_pairs import PAIRS, POSITIVE_KINDS

TARGET_PRECISION = 0.95
THRESHOLDS = [round(0.40 + 0.05 * step, 2) for step in range(11)]  # 0.40 … 0.90


@dataclass(frozen=True)
class Score:
    kind: str
    first: str
    second: str
    similarity: float


@dataclass(frozen=True)
class Quality:
    threshold: float
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pair_scores(pairs=PAIRS) -> list[Score]:
    """Each pair scored by the change form's own code: both questions are
    written (in a savepoint rolled back afterwards, one pair at a time so
    that no other pair competes for the five places), then the second is
    checked; a pair the indexes do not propose scores 0."""
    from django.db import transaction

    from questions.models import Category, Question
    from questions.quality.duplicates import scored_candidates

    category = Category.objects.order_by("pk").first() or Category.objects.create(name="Pairs", slug="pairs")
    scores = []
    for number, (kind, (title_a, prompt_a), (title_b, prompt_b)) in enumerate(pairs):
        with transaction.atomic():
            first, second = Question.objects.bulk_create(
                [
                    Question(
                        title=title_a, body=prompt_a, slug=f"labelled-pair-{number}-a", category=category
                    ),
                    Question(
                        title=title_b, body=prompt_b, slug=f"labelled-pair-{number}-b", category=category
                    ),
                ]
            )
            found = {d.question.pk: d.similarity for d in scored_candidates(second)}
            scores.append(Score(kind, title_a, title_b, found.get(first.pk, 0.0)))
            transaction.set_rollback(True)
    return scores


def quality_at(scores: list[Score], threshold: float) -> Quality:
    flagged = [s for s in scores if s.similarity >= threshold]
    true_positives = sum(1 for s in flagged if s.kind in POSITIVE_KINDS)
    positives = sum(1 for s in scores if s.kind in POSITIVE_KINDS)
    precision = true_positives / len(flagged) if flagged else 1.0
    return Quality(threshold, precision, true_positives / positives if positives else 1.0)


def best_threshold(scores: list[Score]) -> Quality:
    """The lowest threshold precise enough, else the most precise one."""
    qualities = [quality_at(scores, t) for t in THRESHOLDS]
    precise = [q for q in qualities if q.precision >= TARGET_PRECISION]
    if precise:
        return min(precise, key=lambda q: q.threshold)
    return max(qualities, key=lambda q: (q.precision, q.recall))


def report(scores: list[Score], chosen: float) -> str:
    best = best_threshold(scores)
    at_chosen = quality_at(scores, chosen)
    lines = [
        f"Labelled pairs: {len(scores)} ({sum(1 for s in scores if s.kind in POSITIVE_KINDS)} duplicates "
        f"or paraphrases, {sum(1 for s in scores if s.kind not in POSITIVE_KINDS)} same topic, other question)",
        "",
        "| threshold | precision | recall | F1 |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for threshold in THRESHOLDS:
        q = quality_at(scores, threshold)
        mark = " ← chosen" if threshold == chosen else ""
        lines.append(f"| {threshold:.2f} | {q.precision:.2f} | {q.recall:.2f} | {q.f1:.2f} |{mark}")
    lines += [
        "",
        f"- SIMILARITY_THRESHOLD = {chosen:.2f}: precision {at_chosen.precision:.2f}, "
        f"recall {at_chosen.recall:.2f}",
        f"- the lowest threshold with precision ≥ {TARGET_PRECISION:.2f}: {best.threshold:.2f} "
        f"({'the threshold in use' if best.threshold == chosen else 'NOT the threshold in use'})",
        "",
        "Misjudged at the chosen threshold:",
    ]
    for s in scores:
        flagged = s.similarity >= chosen
        if flagged != (s.kind in POSITIVE_KINDS):
            lines.append(f"- {s.kind}: {s.first} / {s.second} ({s.similarity:.2f})")
    return "\n".join(lines)
