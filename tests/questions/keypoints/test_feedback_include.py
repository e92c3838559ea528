import pytest
from django.template.loader import render_to_string

from questions.keypoints.check import check_answer
from questions.keypoints.highlight import answer_segments
from questions.keypoints.parse import parse_key_points

pytestmark = pytest.mark.usefixtures("english")

POINTS = parse_key_points("! 注意力机制 | attention\n位置编码 | positional encoding")


def test_covered_words_are_cut_out_in_order_and_overlaps_merged():
    text = "Attention, then self attention and 注意力机制."
    feedback = check_answer(POINTS, text)
    segments = answer_segments(feedback, text)
    assert "".join(piece for piece, _covered in segments) == text
    assert [piece for piece, covered in segments if covered] == ["Attention", "attention", "注意力机制"]


def test_the_include_lists_covered_and_missed_points_and_marks_the_candidates_words():
    text = "<script>alert(1)</script> attention"
    html = render_to_string(
        "includes/key_point_feedback.html", {"feedback": check_answer(POINTS, text), "answer_text": text}
    )
    assert "1 of 2 covered" in html
    assert 'class="key-point key-point-covered"' in html
    assert 'class="key-point key-point-missed"' in html
    assert "<mark>attention</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
