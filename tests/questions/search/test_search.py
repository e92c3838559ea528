import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from questions.models import Question, SearchDocument, Tag
from questions.search.query import parse_query
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, category

pytestmark = pytest.mark.django_db


def positions(questions):
    return sorted(questions.values_list("source_position", flat=True))


def seed_positions_containing(text):
    """The seed questions whose title, answer or explanation contain `text`."""
    return sorted(
        q.source_position
        for q in Question.objects.all()
        if any(text in field for field in (q.title, q.body, q.answer, q.explanation))
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("模型", [1, 2, 3, 4, 5]),
        ("大模型", [1, 2, 3, 5]),
        ("数据", [1, 2, 3, 5]),
        ("训练", [1, 5]),
        ("评估", [3, 4]),
        ("变压器", []),
    ],
)
def test_chinese_substrings_find_the_seed_questions_that_contain_them(seed, query, expected):
    assert positions(Question.objects.published().search(query)) == expected
    assert expected == seed_positions_containing(query)


def test_a_single_chinese_character_finds_every_question_containing_it(seed):
    assert positions(Question.objects.search("型")) == seed_positions_containing("型")
    assert positions(Question.objects.search("估")) == [3, 4]


@pytest.mark.parametrize("query", ["Transformer", "transformer", "Transformers", "TRANSFORMER"])
def test_english_words_are_stemmed_and_case_insensitive(seed, query):
    assert positions(Question.objects.search(query)) == [1, 4, 5]


def test_english_finds_pytorch_and_prefixes(db):
    pytorch = QuestionFactory(title="Training loops", body="We train it with PyTorch 2.1 on a GPU.")
    QuestionFactory(title="Something else", body="TensorFlow only.")
    for query in ("PyTorch", "pytorch", "pyt*", "training", "trains"):
        assert list(Question.objects.search(query)) == [pytorch], query


def test_code_identifiers_are_searchable_by_their_parts(seed):
    assert positions(Question.objects.search("torch")) == [4]
    assert positions(Question.objects.search("nn.Transformer")) == [4]
    assert positions(Question.objects.search("d_model")) == [4]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Transformer 模型", [1, 4, 5]),
        ("GPU 训练", [5]),
        ("Transformer模型", [4]),
        ('"Transformer 模型"', [4]),
        ("GPU 评估", [3]),
    ],
)
def test_mixed_chinese_and_english_queries(seed, query, expected):
    assert positions(Question.objects.search(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("模型 -GPU", [1, 2, 4]),
        ("-Transformer 大模型", [2, 3]),
        ("评估 or 训练", [1, 3, 4, 5]),
        ("大模型 评估 or 训练", [1, 3, 5]),
        ('"大模型创业"', [1, 2]),
        ('"训练过程"', [5]),
    ],
)
def test_phrases_exclusions_and_or(seed, query, expected):
    assert positions(Question.objects.search(query)) == expected


def test_a_phrase_does_not_match_across_a_sentence_end_a_latin_word_or_a_field(db):
    QuestionFactory(title="句子", answer="这是模型。训练开始")
    QuestionFactory(title="单词", answer="模型GPU训练")
    QuestionFactory(title="前面是大模", body="型号在正文里", answer="无")
    QuestionFactory(title="English", answer="The GPU. Training starts.")
    for query in ("模型训练", "型训", "大模型", "模型号", '"GPU training"'):
        assert not Question.objects.search(query).exists(), query
    assert Question.objects.search("模型 训练").count() == 2
    assert Question.objects.search("GPU training").count() == 1


def test_titles_rank_above_answers(db):
    in_answer = QuestionFactory(title="其他问题", answer="这里提到了注意力机制。")
    in_title = QuestionFactory(title="什么是注意力机制？", answer="见下文。")
    query = parse_query("注意力")
    assert list(Question.objects.search(query).by_relevance(query)) == [in_title, in_answer]


def test_tags_are_searched(db):
    tagged = QuestionFactory(title="No match here", tags=[TagFactory(name="分布式训练")])
    QuestionFactory(title="Nothing")
    assert list(Question.objects.search("分布式")) == [tagged]


def test_empty_query_matches_nothing(seed):
    assert not Question.objects.search("").exists()
    assert not Question.objects.search("&|!").exists()


# The stored search document follows every way of writing a question.


def test_search_document_follows_an_edit(db):
    question = QuestionFactory(title="关于梯度下降", answer="旧的答案")
    question = Question.objects.get(pk=question.pk)
    question.title = "关于注意力机制"
    question.save()
    assert list(Question.objects.search("注意力")) == [question]
    assert not Question.objects.search("梯度").exists()


def test_search_document_follows_update_and_bulk_create(db):
    QuestionFactory(title="第一题", answer="答")
    Question.objects.filter(title="第一题").update(answer="向量数据库")
    assert Question.objects.search("向量").count() == 1
    Question.objects.bulk_create(
        [
            Question(title=f"批量{i}", slug=f"bulk-{i}", category=category(), answer="检索增强生成")
            for i in range(3)
        ]
    )
    assert Question.objects.search("检索增强").count() == 3


def test_search_document_follows_tag_changes_and_renames(db):
    question = QuestionFactory(title="Unrelated")
    tag = TagFactory(name="量化")
    question.tags.add(tag)
    assert list(Question.objects.search("量化")) == [question]
    tag.name = "蒸馏"
    tag.save()
    assert not Question.objects.search("量化").exists()
    assert list(Question.objects.search("蒸馏")) == [question]
    question.tags.remove(tag)
    assert not Question.objects.search("蒸馏").exists()
    question.tags.add(tag)
    tag.delete()
    assert not Question.objects.search("蒸馏").exists()


def test_search_document_follows_a_reimport(seed, tmp_path, settings):
    with open(settings.FIXTURE_DIRS[0] / "seed_article.json", encoding="utf-8") as f:
        records = json.load(f)
    for record in records:
        if record["model"] == "questions.question" and record["fields"]["source_position"] == 2:
            record["fields"]["answer"] = "主要挑战是算力和幻觉。"
    fixture = tmp_path / "edited.json"
    fixture.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert not Question.objects.search("幻觉").exists()
    call_command("loaddata", str(fixture), verbosity=0)
    assert positions(Question.objects.search("幻觉")) == [2]
    assert 2 not in positions(Question.objects.search("计算资源"))


def test_refresh_search_documents_rebuilds_them_in_one_statement(seed, django_assert_num_queries):
    with connection.cursor() as cursor:
        # How a bulk load skips triggers.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE questions_question SET title = title || '检索'")
        first_two = list(Question.objects.filter(source_position__lte=2).values_list("pk", flat=True))
        cursor.execute("DELETE FROM questions_search_document WHERE question_id = ANY(%s)", [first_two])
        cursor.execute("SET session_replication_role = origin")
    assert positions(Question.objects.search("模型")) == [3, 4, 5]
    assert not Question.objects.search("检索").exists()
    with django_assert_num_queries(1):
        assert Question.objects.exclude(source_position=5).refresh_search_documents() == 4
    assert positions(Question.objects.search("模型")) == [1, 2, 3, 4, 5]
    assert positions(Question.objects.search("检索")) == [1, 2, 3, 4]


def test_deleting_a_question_deletes_its_search_document(seed):
    Question.objects.filter(source_position__in=[1, 2]).delete()
    assert SearchDocument.objects.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM questions_question WHERE id = %s", [Question.objects.first().pk])
    assert SearchDocument.objects.count() == 2


def test_search_documents_stay_out_of_question_rows_and_their_fixtures(seed):
    assert "search_document" not in {f.attname for f in Question._meta.concrete_fields}
    out = StringIO()
    call_command("dumpdata", "questions.question", stdout=out)
    assert "'大模'" not in out.getvalue()


# Filters.


def test_filters_combine_with_each_other(db):
    source = SourceFactory()
    gpu, rag = TagFactory(name="GPU"), TagFactory(name="RAG")
    wanted = QuestionFactory(
        category=category("coding"), difficulty="hard", source=source, source_position=1, tags=[gpu, rag]
    )
    QuestionFactory(category=category("coding"), difficulty="hard", tags=[gpu])
    QuestionFactory(
        category=category("coding"), difficulty="easy", source=source, source_position=2, tags=[gpu, rag]
    )
    QuestionFactory(category=category("concept"), difficulty="hard", tags=[gpu, rag])
    questions = Question.objects.with_filters(
        category="coding", difficulty="hard", tags=[gpu.slug, rag.slug], source=source.slug
    )
    assert list(questions) == [wanted]
    assert Question.objects.with_filters(tags=[gpu.slug]).count() == 4
    assert Question.objects.with_filters(tags=[gpu.slug, rag.slug]).count() == 3
    assert Question.objects.with_filters(source=source.slug).count() == 2
    assert Question.objects.with_filters(difficulty="easy").count() == 1
    assert Question.objects.with_filters(category="concept").count() == 1


def test_tags_and_sources_used_by_visible_questions(db):
    public_tag, draft_tag, shared_tag = TagFactory(name="public"), TagFactory(name="draft-only"), TagFactory()
    source = SourceFactory()
    QuestionFactory(tags=[public_tag, shared_tag])
    QuestionFactory(tags=[shared_tag])
    DraftFactory(tags=[draft_tag, shared_tag], source=source)
    published = Question.objects.published()
    assert Tag.objects.used_by(published) == [public_tag, shared_tag]
    assert not source.__class__.objects.used_by(published).exists()
    counts = {t.name: t.question_count for t in Tag.objects.with_question_counts(published)}
    assert counts == {"public": 1, shared_tag.name: 2}
    assert {t.name: t.question_count for t in Tag.objects.with_question_counts(Question.objects.all())} == {
        "public": 1,
        "draft-only": 1,
        shared_tag.name: 3,
    }
