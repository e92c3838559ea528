import pytest

from questions.quality.resemblance import resemblance, subject_units


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("什么是大模型的幻觉？", "什么是大模型幻觉？"),
        ("如何评估大模型的输出质量？", "如何评估大模型输出的质量？"),
        ("什么是 RAG？", "RAG 是什么？"),
        ("Explain beam search", "Beam search, explained"),
    ],
)
def test_the_same_question_written_again_resembles_fully(first, second):
    assert resemblance(first, second) == 1.0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("什么是大模型？", "什么是大模型幻觉？"),
        ("什么是注意力机制？", "什么是多头注意力机制？"),
        ("What is layer normalization?", "What is batch normalization?"),
    ],
)
def test_a_narrower_subject_is_below_the_threshold(first, second):
    from questions.quality.duplicates import SIMILARITY_THRESHOLD

    assert resemblance(first, second) < SIMILARITY_THRESHOLD


def test_template_words_alone_say_nothing():
    assert subject_units("什么是？") == frozenset()
    assert resemblance("What is it?", "什么是？") == 0.0


def test_latin_words_inside_chinese_are_words():
    assert subject_units("KV Cache的作用") == {"kv", "cache", "作用"}
