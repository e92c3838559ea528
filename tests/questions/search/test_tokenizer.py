import random
import re

import pytest
from django.db import connection

from questions.models import Question
from questions.search.query import MAX_QUERY_LENGTH, parse_query
from questions.search.tokens import index_text
from tests.factories import QuestionFactory

TRICKY_TEXTS = [
    "大模型是指GPU训练。模型, nn.Transformer d_model",
    "end. next",
    "end.",
    "e.g. x",
    "x.\u3000y",
    "（模型）！",
    "café naïve ＧＰＵ ｶﾀｶﾅ カタカナ・テスト 한국어 텍스트 人々 〇",
    "𠀀𠀁 x",
    "emoji😀模型",
    "it's \\ back 'quoted' \"double\"",
    "tab\tnew\nline\r\nwindows",
    "",
]


def test_a_cjk_run_is_indexed_as_bigrams_framed_by_its_first_and_last_character():
    assert index_text("大模型").split() == ["大", "大模", "模型", "型"]
    assert index_text("GPU训练").split() == ["GPU", "训", "训练", "练"]


def test_punctuation_separates_words_and_sentence_ends_leave_a_gap():
    assert index_text("nn.Transformer(d_model)").split() == ["nn", "Transformer", "d", "model"]
    assert index_text("模型。训练").split() == ["模", "模型", "型", "the", "the", "the", "训", "训练", "练"]


def test_python_and_postgres_prepare_text_identically(db):
    rng = random.Random(20261129)
    alphabet = list("大模型训练数据。，！？ .!?\n\t-_'\"ab1éー・々〇한국カ😀\u3000\xa0\u2028")
    samples = TRICKY_TEXTS + ["".join(rng.choices(alphabet, k=rng.randint(1, 40))) for _ in range(200)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT qbank_search_text(t) FROM unnest(%s::text[]) AS t", [samples])
        from_postgres = [row[0] for row in cursor.fetchall()]
    assert from_postgres == [index_text(sample) for sample in samples]


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("模型", "'模型'"),
        ("大模型", "'大模' <-> '模型'"),
        ("模", "'模':*"),
        ("Transformer模型", "'Transformer' <-> '模' <-> '模型'"),
        ("GPU 训练", "'GPU' & '训练'"),
        ('"GPU 训练"', "'GPU' <-> '训' <-> '训练'"),
        ("nn.Transformer", "'nn' <-> 'Transformer'"),
        ("pyt*", "'pyt':*"),
        ("模型 -GPU", "'模型' & !('GPU')"),
        ("数据 训练 or 评估", "'数据' & ('训练' | '评估')"),
        ("“大模型”", "'大模' <-> '模型'"),
        ('"unbalanced phrase', "'unbalanced' <-> 'phrase'"),
    ],
)
def test_websearch_syntax_becomes_a_tsquery(query, tsquery):
    assert parse_query(query).to_tsquery() == tsquery


@pytest.mark.parametrize("query", ["", "   ", "&|!:*()'", '""', "- or -", "<->", "\\"])
def test_queries_without_words_are_empty(query):
    assert not parse_query(query)


def test_queries_are_cut_to_the_maximum_length():
    assert len(parse_query("模" * 1000).text) == MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    "query", ["a & b", "x' | 'y", "foo:*", "!!(", "a <-> b", "'; DROP TABLE x; --", "模型\\' & 1", "(((", "*"]
)
def test_user_text_never_becomes_tsquery_syntax(db, query):
    tsquery = parse_query(query).to_tsquery()
    lexemes_removed = re.sub(r"'[^'\\]*'(:\*)?", "", tsquery)
    assert set(lexemes_removed) <= set(" <->&|!()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsquery('qbank_search', %s)", [tsquery])


def test_cjk_search_finds_exactly_the_questions_containing_the_substring(db):
    """Random texts over a few characters, punctuation and Latin words; every
    CJK substring of length 2 to 4 is found where present, and nowhere else."""
    rng = random.Random(5)
    pieces = ["大", "模", "型", "训", "练", "大模型", "模型", "。", "，", " ", "GPU", "x", "\n"]
    fields = {}
    for _ in range(30):
        texts = ["".join(rng.choices(pieces, k=rng.randint(0, 12))) for _field in range(4)]
        question = QuestionFactory(
            title=texts[0] or "题", body=texts[1], answer=texts[2] or "答", explanation=texts[3]
        )
        fields[question.pk] = [question.title, question.body, question.answer, question.explanation]
    substrings = {
        text[start : start + length]
        for texts in fields.values()
        for text in texts
        for length in (2, 3, 4)
        for start in range(len(text) - length + 1)
        if re.fullmatch(r"[大模型训练]+", text[start : start + length])
    }
    substrings |= {"型大模", "练大", "训训"}
    for substring in sorted(substrings):
        expected = {pk for pk, texts in fields.items() if any(substring in text for text in texts)}
        assert set(Question.objects.search(substring).values_list("pk", flat=True)) == expected, substring
