from pathlib import Path

import pytest
from django.core.management import call_command

from questions.keypoints.check import check_answer
from questions.keypoints.points import EASY
from questions.models import Question, Source, Tag

SEED_TEXT = (Path(__file__).resolve().parents[3] / "fixtures/articles/000_078af3b08b6dc3fc.txt").read_text(
    encoding="utf-8"
)

EXPECTED = [
    (1, "什么是大模型？", "concept"),
    (2, "大模型创业的主要挑战是什么？", "challenges"),
    (3, "如何评估一个创业公司的大模型项目？", "evaluation"),
    (4, "如何实现一个简单的Transformer模型？", "coding"),
    (5, "如何优化大模型的训练过程？", "coding"),
]


def test_seed_fixture_loads_five_published_questions_in_their_categories(seed):
    questions = Question.objects.select_related("category", "source").order_by("source_position")
    assert [(q.source_position, q.title, q.category.slug) for q in questions] == EXPECTED
    assert all(q.status == Question.Status.PUBLISHED for q in questions)
    assert {q.source.title for q in questions} == {"大模型创业：波折与变化的深度解析"}


def test_seed_answers_and_explanations_are_verbatim_from_the_article(seed):
    for question in Question.objects.all():
        assert f"**问题{question.source_position}：{question.title}**" in SEED_TEXT
        assert f"**答案：** {question.answer}" in SEED_TEXT
        assert f"**解析：** {question.explanation}" in SEED_TEXT


def test_seed_transformer_answer_keeps_its_code_and_is_highlighted(seed):
    question = Question.objects.get(source_position=4)
    assert "```python\nimport torch\nimport torch.nn as nn\n" in question.answer
    assert "memory = self.encoder(src)" in question.answer
    assert '<div class="highlight" data-lang="python">' in question.answer_html
    assert '<span class="kn">import</span>' in question.answer_html


def test_seed_correction_lives_in_the_editor_note_not_the_answer(seed):
    question = Question.objects.get(source_position=4)
    assert "TypeError" in question.editor_note
    assert "TypeError" not in question.answer
    assert '<span class="kn">import</span>' in question.editor_note_html


def test_seed_source_keeps_intro_conclusion_and_drops_navigation(seed):
    source = Source.objects.get()
    assert source.intro.startswith("在近年来，人工智能领域")
    assert source.intro in SEED_TEXT
    assert source.conclusion in SEED_TEXT
    assert "《Attention is All You Need》" in source.appendix
    assert "<strong>开源框架</strong>" in source.appendix_html
    for junk in ("下载PDF", "返回正文", "关于我们", "图片1"):
        assert junk not in source.intro + source.conclusion + source.appendix


def test_loaddata_renders_html_for_rows_saved_raw(seed):
    for question in Question.objects.all():
        assert question.answer_html.startswith("<")
        assert question.explanation_html.startswith("<p>")
    assert Source.objects.get().intro_html.startswith("<p>")


def test_loading_the_seed_twice_leaves_five_questions(seed):
    call_command("loaddata", "seed_article", verbosity=0)
    assert Question.objects.count() == 5
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_seed_bank_loads_once_and_keeps_editors_changes():
    call_command("seed_bank", verbosity=0)
    Question.objects.filter(source_position=1).update(explanation="edited by an editor")
    call_command("seed_bank", verbosity=0)
    assert Question.objects.count() == 5
    assert Question.objects.get(source_position=1).explanation == "edited by an editor"


def test_resetting_the_seed_does_not_rewind_versions(seed):
    question = Question.objects.get(source_position=1)
    question.explanation = "edited"
    question.save()
    assert question.version == 2
    call_command("loaddata", "seed_article", verbosity=0)
    question.refresh_from_db()
    assert question.explanation != "edited"
    assert question.version == 3


@pytest.mark.django_db
def test_seed_bank_adds_the_editors_key_points_once_and_leaves_the_article_text_verbatim():
    call_command("seed_bank", verbosity=0)
    questions = list(Question.objects.order_by("source_position"))
    assert all(len(question.parsed_key_points()) >= 3 for question in questions)
    for question in questions:
        assert f"**答案：** {question.answer}" in SEED_TEXT
        reasons = question.history.values_list("history_change_reason", flat=True)
        assert any((reason or "").startswith("Key points") for reason in reasons)
    # An editor who removes them is not overruled by the next start.
    first = questions[0]
    first.key_points = ""
    first.save()
    call_command("seed_bank", verbosity=0)
    first.refresh_from_db()
    assert first.key_points == ""


@pytest.mark.django_db
def test_a_typed_answer_copying_each_seed_model_answer_covers_every_key_point():
    call_command("seed_bank", verbosity=0)
    for question in Question.objects.all():
        feedback = check_answer(question.parsed_key_points(), question.answer)
        assert [v.point.statement for v in feedback.verdicts if not v.covered] == [], question.title
        assert feedback.suggested_grade == EASY


@pytest.mark.django_db
def test_seed_bank_tags_every_seed_question_once_as_an_editorial_revision(client):
    call_command("seed_bank", verbosity=0)
    questions = list(Question.objects.order_by("source_position").prefetch_related("tags"))
    assert [sorted(tag.name for tag in q.tags.all()) for q in questions] == [
        ["基础概念", "大模型"],
        ["创业", "大模型"],
        ["创业", "大模型", "项目评估"],
        ["PyTorch", "Transformer"],
        ["大模型", "模型训练"],
    ]
    for question in questions:
        assert f"**答案：** {question.answer}" in SEED_TEXT
        latest = question.history.latest("history_id")
        assert latest.history_change_reason.startswith("Tags chosen by the editors")
        assert latest.tags.count() == question.tags.count()
    # The home page's tag cloud links each tag's page, which lists its questions.
    tag = Tag.objects.get(name="项目评估")
    assert tag.get_absolute_url() in client.get("/").content.decode()
    assert "如何评估一个创业公司的大模型项目？" in client.get(tag.get_absolute_url()).content.decode()
    # An editor who removes a question's tags is not overruled by the next start.
    first = questions[0]
    first.tags.clear()
    call_command("seed_bank", verbosity=0)
    assert first.tags.count() == 0
