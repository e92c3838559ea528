"""CSV and XLSX in: headers, BOM, GBK, row numbers, formulas as text."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from questions.exchange.foreign.read import detect_format
from questions.models import Question
from tests.factories import category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _import(tmp_path, data, *args, name="bank.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bank", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_csv_with_bom_maps_every_column(tmp_path):
    data = (
        "\ufefftitle,prompt,answer,explanation,category,tags,difficulty\n"
        'What is overfitting?,"Explain, with an example.",Fitting noise.,See ESL.,coding,"ml, 统计",hard\n'
    ).encode()
    out, _err = _import(tmp_path, data)
    assert "1 created" in out
    question = Question.objects.get()
    assert (question.title, question.body, question.answer, question.explanation) == (
        "What is overfitting?", "Explain, with an example.", "Fitting noise.", "See ESL.",
    )  # fmt: skip
    assert question.category == category("coding")
    assert question.difficulty == "hard"
    assert sorted(question.tags.values_list("name", flat=True)) == ["ml", "统计"]


def test_gbk_csv_with_chinese_headers_is_detected(tmp_path):
    data = "问题\t答案\t解析\n什么是梯度消失？\t梯度越来越小。\t见第三章。\n".encode("gbk")
    _import(tmp_path, data, name="题库.txt")
    question = Question.objects.get()
    assert (question.title, question.answer, question.explanation) == (
        "什么是梯度消失？",
        "梯度越来越小。",
        "见第三章。",
    )


def test_rows_are_named_in_messages_and_nothing_is_written(tmp_path):
    data = b"title,answer\nGood?,Yes\nNo answer here,\nAlso fine?,Yes\n,only an answer\n"
    with pytest.raises(CommandError) as error:
        _import(tmp_path, data)
    assert "bank.csv:row 3: no answer" in str(error.value)
    assert "bank.csv:row 5: no title or question" in str(error.value)
    assert not Question.objects.exists()


def test_a_header_without_an_answer_column_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"bank.csv:row 1: the header row must name an answer column"):
        _import(tmp_path, b"title,solution\nA,B\n", "--format", "csv")


def test_column_mapping_names_unusual_headers(tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {"Q": "title", "Sol": "answer"}}')
    _import(tmp_path, b"Q,Sol\nWhy?,Because\n", "--format", "csv", "--mapping", str(mapping))
    assert Question.objects.get().answer == "Because"


def test_xlsx_formulas_stay_text(tmp_path):
    data = _xlsx([["Title", "Answer", "ID"], ["Click?", '=HYPERLINK("http://evil.example","x")', 7]])
    assert detect_format(data, "anything") == "xlsx"
    _import(tmp_path, data, name="bank.xlsx")
    question = Question.objects.get()
    assert question.answer == '=HYPERLINK("http://evil.example","x")'
    assert "<a" not in question.answer_html


def test_reimporting_a_spreadsheet_matches_rows_by_id(tmp_path):
    _import(tmp_path, _xlsx([["id", "title", "answer"], [1, "Old title?", "A"]]), name="bank.xlsx")
    out, _err = _import(
        tmp_path, _xlsx([["id", "title", "answer"], [1, "New title?", "A"]]), name="bank.xlsx"
    )
    assert "0 created, 1 updated" in out
    assert Question.objects.get().title == "New title?"


def test_undecodable_text_names_its_line(tmp_path):
    with pytest.raises(CommandError, match=r"bank.csv:line 2: neither UTF-8 nor GBK"):
        _import(tmp_path, b"title,answer\nA,\xff\xff\xff\n", "--format", "csv")
