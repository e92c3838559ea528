"""What editors see of candidates' typed answers to a question: anonymous
counts against its key points (`questions.keypoints.usage`), never a text
or a name."""

from django.utils.translation import gettext as _

from ..keypoints import usage


def typed_answer_counts(question) -> str:
    counts = usage.answer_counts(question) if question is not None and question.pk else None
    if counts is None or not counts.answers:
        return _("None yet.")
    return _(
        "%(answers)d answers from %(candidates)d candidates; on average %(covered).1f of %(points).1f "
        "key points covered."
    ) % {
        "answers": counts.answers,
        "candidates": counts.candidates,
        "covered": counts.covered,
        "points": counts.points,
    }
