"""Key points on the pages: the candidate's text with the covered words marked."""

from django import template

from ..keypoints.highlight import answer_segments

register = template.Library()


@register.simple_tag
def key_point_segments(feedback, answer_text):
    """(piece, covered) pairs of `answer_text` for `feedback` (see
    `questions.keypoints.highlight`)."""
    return answer_segments(feedback, answer_text or "")
