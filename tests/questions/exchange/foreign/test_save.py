"""Saving foreign items: key points, near duplicates, bounded queries, delegation."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from questions import policies
from questions.exchange.foreign.items import ForeignBank, ForeignItem
from questions.exchange.foreign.media import no_media
from questions.exchange.foreign.problems import ImportProblems
from questions.exchange.foreign.save import save_bank
from questions.models import Question
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _bank(count: int, **fields) -> ForeignBank:
    bank = ForeignBank(format="csv", name="bank.csv")
    for n in range(count):
        bank.add(
            ForeignItem(
                external_id=str(n), location=f"row {n + 2}", title=f"Imported {n}?", answer="A.", **fields
            )
        )
    return bank


def test_key_points_column_is_saved_and_checked(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text('title,answer,key points\nQ?,A,"! attention | 注意力\nsoftmax"\n')
    call_command("import_bank", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Question.objects.get().key_points == "! attention | 注意力\nsoftmax"


def test_invalid_key_points_name_the_row(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("title,answer,key points\nQ?,A,!!!\n")
    with pytest.raises(CommandError, match=r"bank.csv:row 2: key_points: "):
        call_command("import_bank", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Question.objects.exists()


def test_near_duplicates_of_existing_questions_are_flagged_in_the_preview():
    QuestionFactory(title="什么是大模型的幻觉？")
    bank = ForeignBank(format="csv", name="bank.csv")
    bank.add(ForeignItem(external_id="1", location="row 2", title="什么是大模型幻觉？", answer="A"))
    bank.add(ForeignItem(external_id="2", location="row 3", title="How do B-trees split pages?", answer="A"))
    report = save_bank(bank, no_media(), user=policies.SYSTEM, dry_run=True)
    assert report.near_duplicates == [("row 2", "什么是大模型幻觉？", "什么是大模型的幻觉？")]
    assert (
        "bank.csv:row 2: “什么是大模型幻觉？” looks like the existing “什么是大模型的幻觉？”"
        in report.notes("bank.csv")
    )


@pytest.mark.parametrize("count", [10, 200])
def test_import_runs_a_bounded_number_of_queries(django_assert_max_num_queries, count):
    with django_assert_max_num_queries(40):
        report = save_bank(_bank(count, tags=["a", "b"]), no_media(), user=policies.SYSTEM)
    assert report.created == count


def test_reimporting_an_unchanged_file_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    save_bank(_bank(50), no_media(), user=policies.SYSTEM)
    with django_assert_max_num_queries(15):
        report = save_bank(_bank(50), no_media(), user=policies.SYSTEM)
    assert report.unchanged == 50


def test_editors_may_not_import_published_questions(editor):
    with pytest.raises(PermissionDenied):
        save_bank(_bank(1), no_media(), user=editor, status="published")
    assert not Question.objects.exists()


def test_article_format_goes_to_the_article_import(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(
        "# Title\n\n## 概念\n\n**问题1：什么是张量？**\n\n**答案：** 多维数组。\n", encoding="utf-8"
    )
    out = io.StringIO()
    call_command("import_bank", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "Dry run" in out.getvalue()


def test_an_editors_import_may_change_drafts_only(editor):
    save_bank(_bank(2), no_media(), user=policies.SYSTEM, status="published")
    changed = _bank(2)
    changed.items[1].answer = "Changed upstream."
    with pytest.raises(ImportProblems) as error:
        save_bank(changed, no_media(), user=editor)
    assert error.value.problems[0][0] == "row 3"
    assert "an import may change drafts only" in error.value.problems[0][1]
    assert Question.objects.get(title="Imported 1?").answer == "A."
