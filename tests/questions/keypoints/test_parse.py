import pytest
from django.core.exceptions import ValidationError

from questions.keypoints.parse import (
    MAX_KEY_POINTS_LENGTH,
    MAX_PHRASINGS,
    MAX_POINTS,
    KeyPointsError,
    format_key_points,
    parse_key_points,
)
from questions.keypoints.points import KeyPoint
from questions.models import Question
from tests.factories import QuestionFactory

pytestmark = pytest.mark.usefixtures("english")

EXAMPLE = """
! Attention weighs every token against every other | self-attention; 自注意力
Cost grows with the square of the length | quadratic; O(n^2)
| 平方; 二次方

A point without phrasings
"""


def test_each_line_is_a_point_with_its_phrasings_and_mark():
    assert parse_key_points(EXAMPLE) == (
        KeyPoint("Attention weighs every token against every other", ("self-attention", "自注意力"), True),
        KeyPoint(
            "Cost grows with the square of the length", ("quadratic", "O(n^2)", "平方", "二次方"), False
        ),
        KeyPoint("A point without phrasings", (), False),
    )


def test_full_width_marks_typed_by_an_input_method_work_the_same():
    assert parse_key_points("！注意力 ｜ attention；自注意力\n｜ 注意力机制") == (
        KeyPoint("注意力", ("attention", "自注意力", "注意力机制"), True),
    )


def test_empty_text_has_no_points():
    assert parse_key_points("") == ()
    assert parse_key_points(" \n\n ") == ()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("| orphan phrasings", 1, "must follow a key point"),
        ("ok\n! | only phrasings", 2, "needs a statement"),
        ("ok\n\n!", 3, "needs a statement"),
        ("a | b | c", 1, "one “|” a line"),
        ("a | ;;; ...", 1, "has no letter"),
        ("!! doubly marked", 1, "cannot start with “!”"),
        ("a | " + "x" * 101, 1, "longer than 100"),
        ("x" * 201, 1, "longer than 200"),
    ],
)
def test_a_mistake_names_its_line(text, line, words):
    with pytest.raises(KeyPointsError) as raised:
        parse_key_points(text)
    assert raised.value.line == line
    assert words in str(raised.value)
    assert f"line {line}" in str(raised.value)


def test_points_phrasings_and_length_are_bounded():
    with pytest.raises(KeyPointsError, match=f"at most {MAX_POINTS} key points"):
        parse_key_points("\n".join(f"point {n}" for n in range(MAX_POINTS + 1)))
    with pytest.raises(KeyPointsError, match=f"at most {MAX_PHRASINGS} phrasings"):
        parse_key_points("point | " + "; ".join(f"p{n}" for n in range(MAX_PHRASINGS)) + "\n| one more")
    with pytest.raises(KeyPointsError, match="longer than"):
        parse_key_points("x\n" * (MAX_KEY_POINTS_LENGTH // 2 + 1))


def test_formatting_is_the_inverse_of_parsing():
    points = parse_key_points(EXAMPLE)
    text = format_key_points(points)
    assert parse_key_points(text) == points
    assert (
        text.splitlines()[0]
        == "! Attention weighs every token against every other | self-attention; 自注意力"
    )


@pytest.mark.django_db
def test_the_field_refuses_key_points_that_do_not_parse():
    question = QuestionFactory.build(key_points="ok\n| fine\n!! bad")
    with pytest.raises(ValidationError) as raised:
        question.clean_fields(exclude=[f.name for f in Question._meta.fields if f.name != "key_points"])
    assert "line 3" in str(raised.value)


@pytest.mark.django_db
def test_a_question_reads_its_key_points():
    question = QuestionFactory(key_points="! 注意力 | attention")
    assert question.parsed_key_points() == (KeyPoint("注意力", ("attention",), True),)


@pytest.mark.django_db
def test_stored_text_that_no_longer_parses_shows_no_points():
    question = QuestionFactory()
    Question.objects.filter(pk=question.pk).update(key_points="| orphan")
    question.refresh_from_db()
    assert question.parsed_key_points() == ()
