import pytest

from questions.quality.duplicates import SIMILARITY_THRESHOLD
from tests.bench.duplicate_pairs import DIFFERENT, PAIRS
from tests.bench.duplicate_scores import Score, best_threshold, pair_scores, quality_at, report

pytestmark = pytest.mark.django_db


def test_the_benchmark_prints_precision_and_recall_at_the_chosen_threshold():
    scores = pair_scores()
    printed = report(scores, SIMILARITY_THRESHOLD)
    at_chosen = quality_at(scores, SIMILARITY_THRESHOLD)
    assert f"| {SIMILARITY_THRESHOLD:.2f} | {at_chosen.precision:.2f} | {at_chosen.recall:.2f} |" in printed
    assert "← chosen" in printed
    assert f"precision {at_chosen.precision:.2f}, recall {at_chosen.recall:.2f}" in printed


def test_the_threshold_in_use_is_the_one_the_labelled_pairs_pick():
    assert best_threshold(pair_scores()).threshold == SIMILARITY_THRESHOLD


def test_a_question_on_a_narrower_subject_is_not_flagged():
    scores = {(s.first, s.second): s for s in pair_scores()}
    assert scores[("什么是大模型？", "什么是大模型幻觉？")].kind == DIFFERENT
    assert scores[("什么是大模型？", "什么是大模型幻觉？")].similarity < SIMILARITY_THRESHOLD
    assert scores[("什么是大模型的幻觉？", "什么是大模型幻觉？")].similarity >= SIMILARITY_THRESHOLD


def test_precision_and_recall_count_flags_against_labels():
    scores = [
        Score("duplicate", "a", "b", 0.9),
        Score("paraphrase", "c", "d", 0.5),
        Score(DIFFERENT, "e", "f", 0.95),
    ]
    quality = quality_at(scores, 0.8)
    assert (quality.precision, quality.recall) == (0.5, 0.5)
    assert quality_at(scores, 0.99).precision == 1.0  # nothing flagged: no false alarm


def test_every_labelled_pair_is_scored_once():
    assert len(pair_scores()) == len(PAIRS)
