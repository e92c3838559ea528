"""Markdown that Python-Markdown renders in quadratic (or worse) time is
refused with a clear message wherever an editor can send it, instead of
tying up a worker: the preview, the change form, the source form."""

import pytest

from questions.markdown import MarkdownTooSlow, RenderPool, render_markdown
from questions.models import MAX_MARKDOWN_LENGTH, Question
from tests.admin_helpers import change_url, form_data
from tests.factories import QuestionFactory, SourceFactory

# Each takes seconds to minutes in-process at the length limit (measured in
# the README's security section); each must be cut off by the budget.
PATHOLOGICAL = {
    "open brackets": "[" * MAX_MARKDOWN_LENGTH,
    "open brackets and spaces": "[ " * (MAX_MARKDOWN_LENGTH // 2),
    "nested brackets": "[" * (MAX_MARKDOWN_LENGTH // 2) + "]" * (MAX_MARKDOWN_LENGTH // 2),
    "open images": "![" * (MAX_MARKDOWN_LENGTH // 2),
    "open link targets": "[a](" * (MAX_MARKDOWN_LENGTH // 4),
    "reference-style openers": "[a][" * (MAX_MARKDOWN_LENGTH // 4),
}


@pytest.fixture
def short_budget(settings):
    # Far below what any of the inputs needs; keeps the suite quick.
    settings.MARKDOWN_RENDER_TIMEOUT = 0.2


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_markdown_is_cut_off_by_the_time_budget(short_budget, text):
    with pytest.raises(MarkdownTooSlow):
        render_markdown(text)


def test_the_renderer_works_again_after_a_render_was_cut_off(short_budget):
    with pytest.raises(MarkdownTooSlow):
        render_markdown(PATHOLOGICAL["open brackets"])
    assert render_markdown("**bold**") == "<p><strong>bold</strong></p>"


@pytest.mark.django_db
def test_preview_refuses_slow_markdown_with_a_message(short_budget, editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": PATHOLOGICAL["open brackets"]})
    assert response.status_code == 400
    assert "takes too long to render" in response.content.decode()


@pytest.mark.django_db
def test_preview_refuses_markdown_over_the_length_limit(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": "a" * (MAX_MARKDOWN_LENGTH + 1)})
    assert response.status_code == 400
    assert "Too long to preview" in response.content.decode()


@pytest.mark.django_db
def test_change_form_refuses_slow_markdown_and_keeps_the_stored_text(short_budget, editor_client, editor):
    question = QuestionFactory(author=editor, answer="kept", status=Question.Status.DRAFT)
    response = editor_client.post(
        change_url(question), form_data(question, answer=PATHOLOGICAL["nested brackets"])
    )
    assert response.status_code == 200
    assert "takes too long to render" in response.content.decode()
    question.refresh_from_db()
    assert question.answer == "kept"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["editor_note", "body", "answer", "explanation"])
def test_every_question_markdown_field_has_the_length_limit(editor_client, editor, field):
    question = QuestionFactory(author=editor, status=Question.Status.DRAFT)
    response = editor_client.post(change_url(question), form_data(question, **{field: "a" * 15_001}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert Question.objects.get(pk=question.pk).version == question.version


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["intro", "conclusion", "appendix"])
def test_every_source_markdown_field_has_the_length_limit(english, field):
    source = SourceFactory.build(**{field: "a" * 15_001})
    with pytest.raises(Exception, match="at most 15000"):
        source.full_clean()


@pytest.mark.django_db
def test_a_clean_form_renders_once_and_save_reuses_it(monkeypatch):
    question = QuestionFactory.build(answer="**x**")
    question.full_clean(exclude=["category", "slug"])
    calls = []
    monkeypatch.setattr("questions.models.base.render_many", lambda texts: calls.append(texts))
    question.render()
    assert calls == []
    assert question.answer_html == "<p><strong>x</strong></p>"


def test_a_pool_renders_many_groups_in_order_across_its_children():
    groups = [[f"**{n}**", "", f"`{n}`"] for n in range(120)]  # several slices per child
    with RenderPool(2) as pool:
        html = pool.render(groups)
    assert html == [[f"<p><strong>{n}</strong></p>", "", f"<p><code>{n}</code></p>"] for n in range(120)]


def test_a_pool_names_the_group_and_text_past_the_budget(short_budget):
    groups = [["a", "b"] for _ in range(60)]
    groups[57] = ["fine", PATHOLOGICAL["open brackets"]]
    with RenderPool(2) as pool, pytest.raises(MarkdownTooSlow) as raised:
        pool.render(groups)
    assert (raised.value.item, raised.value.field) == (57, 1)
    assert render_markdown("**bold**") == "<p><strong>bold</strong></p>"


@pytest.mark.django_db
def test_bulk_import_names_the_question_and_field_too_slow_to_render_and_writes_nothing(short_budget):
    from django.db import transaction

    rows = [(QuestionFactory.build(slug=f"q-{n}"), []) for n in range(5)]
    rows[3][0].explanation = PATHOLOGICAL["nested brackets"]
    with pytest.raises(MarkdownTooSlow) as raised, transaction.atomic():
        Question.objects.bulk_import(rows, batch_size=2)
    assert (raised.value.item, raised.value.field) == (3, "explanation")
    assert not Question.objects.exists()
