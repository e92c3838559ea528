import pytest

from questions.keypoints import check
from questions.keypoints.check import CHECKER, MAX_ANSWER_LENGTH, check_answer, suggested_grade
from questions.keypoints.parse import parse_key_points
from questions.keypoints.points import AGAIN, EASY, GOOD, HARD, KeyPoint, PointVerdict

POINTS = parse_key_points(
    """
! 注意力机制 | self-attention; attention weights
! 缩放点积 | scaled dot product; 除以根号 d
位置编码 | positional encoding; 位置信息
Transformer模型 | GPU 训练
"""
)

MODEL_ANSWER = (
    "注意力机制让每个词元按注意力权重汇总其他词元的信息；分数采用缩放点积，"
    "也就是除以根号 d 再做 softmax。位置编码补上顺序。Transformer模型适合 GPU 训练。"
)


def _covered(text, points=POINTS):
    return [verdict.covered for verdict in check_answer(points, text).verdicts]


def _highlighted(text, points=POINTS):
    return [
        [text[start:end] for start, end in verdict.spans] for verdict in check_answer(points, text).verdicts
    ]


def test_an_answer_copying_the_model_answer_covers_every_point():
    feedback = check_answer(POINTS, MODEL_ANSWER)
    assert _covered(MODEL_ANSWER) == [True, True, True, True]
    assert feedback.suggested_grade == EASY
    assert feedback.checker == CHECKER == "phrasings"


def test_an_unrelated_answer_covers_nothing():
    text = "I would use a hash map and sort the keys; 用哈希表再排序即可。"
    assert _covered(text) == [False, False, False, False]
    assert check_answer(POINTS, text).suggested_grade == AGAIN


def test_a_paraphrase_covers_the_points_its_phrasings_name():
    text = "Self-attention mixes tokens with attention weights, and the scores use a scaled dot product."
    assert _covered(text) == [True, True, False, False]
    assert _highlighted(text)[:2] == [["Self-attention", "attention weights"], ["scaled dot product"]]
    assert check_answer(POINTS, text).suggested_grade == GOOD


def test_traditional_chinese_and_full_width_letters_count_as_typed_in_simplified():
    text = "注意力機制很重要；分數用ＳＣＡＬＥＤ　ＤＯＴ　ＰＲＯＤＵＣＴ，並除以根號 d。"
    assert _covered(text) == [True, True, False, False]
    # The highlights are the candidate's own characters, as typed.
    assert _highlighted(text)[:2] == [["注意力機制"], ["ＳＣＡＬＥＤ　ＤＯＴ　ＰＲＯＤＵＣＴ", "除以根號 d"]]


def test_case_and_english_endings_are_folded():
    assert _covered("ATTENTION WEIGHT")[0]
    assert _covered("Positional Encodings help.")[2]


def test_a_chinese_phrasing_is_found_inside_a_longer_run_as_search_finds_it():
    assert _highlighted("大家都用的注意力机制很好")[0] == ["注意力机制"]


def test_words_must_be_whole_and_in_order():
    assert not _covered("dot product scaled")[1]
    assert not _covered("attentionweights")[0]
    # A mixed phrasing: the Chinese part must end its run where the Latin word starts.
    assert _covered("Transformer模型的 GPU 训练")[3]
    assert _highlighted("用 GPU训练")[3] == ["GPU训练"]
    assert not _covered("GPU 很少训练")[3]


def test_spans_point_into_text_with_characters_that_fold_to_several():
    # ß folds to "ss" and ㎏ to "kg": the offsets after them still line up.
    text = "straße ㎏ self-attention"
    assert _highlighted(text)[0] == ["self-attention"]


def test_the_suggested_grade_weighs_essential_points_twice():
    essential, optional = KeyPoint("e", (), True), KeyPoint("o", (), False)

    def grade(*covered_points):
        return suggested_grade(tuple(PointVerdict(point, covered) for point, covered in covered_points))

    assert grade((essential, True), (optional, True)) == EASY
    assert grade((essential, True), (optional, False)) == GOOD
    assert grade((essential, False), (optional, True), (optional, True)) == HARD
    assert grade((essential, False), (optional, True)) == AGAIN
    assert grade() == GOOD


def test_the_answer_is_read_up_to_its_limit():
    text = "x " * MAX_ANSWER_LENGTH + "self-attention"
    assert not _covered(text)[0]


@pytest.mark.parametrize("text", ["", "   ", "。，；", "\x00"])
def test_empty_or_punctuation_only_answers_cover_nothing(text):
    assert _covered(text) == [False, False, False, False]


@pytest.mark.parametrize(
    ("phrasing", "typed"),
    [("scale", "scaled"), ("scaled", "scales"), ("encoding", "encodings"), ("process", "processes")],
)
def test_an_english_ending_does_not_hide_a_word(phrasing, typed):
    assert _covered(typed, (KeyPoint(phrasing),)) == [True]


def test_a_phrasing_of_several_words_goes_straight_to_where_they_follow_each_other(monkeypatch):
    monkeypatch.setattr(check, "MAX_PLACES_LOOKED_AT", 1)
    assert _covered("gpu " * 2_000 + "GPU cluster", (KeyPoint("gpu cluster"),)) == [True]


def test_a_chinese_part_followed_by_more_is_looked_for_at_run_ends_only(monkeypatch):
    monkeypatch.setattr(check, "MAX_PLACES_LOOKED_AT", 1)
    assert _covered("的" * 5_000 + " x", (KeyPoint("的 x"),)) == [True]


def test_an_answer_built_to_stall_the_checker_is_read_only_so_far(monkeypatch):
    text = "的 y " * 100 + "的 x"
    point = (KeyPoint("的 x"),)
    assert _covered(text, point) == [True]
    monkeypatch.setattr(check, "MAX_PLACES_LOOKED_AT", 50)
    assert _covered(text, point) == [False]
