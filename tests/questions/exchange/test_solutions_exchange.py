"""Solutions in every import and export: the article layout, JSON, Anki,
Moodle, CSV/XLSX (the .apkg and Moodle round trips are in
foreign/test_round_trips.py)."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from questions.exchange import anki, markdown_export, moodle
from questions.exchange.parser import ParseError, parse_text
from questions.models import Question
from tests.factories import QuestionFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SOLUTIONS = (
    "Compare from both ends.\n\n```python\ndef ok(s):\n    return s == s[::-1]\n```\n\n"
    "````cpp\n// ``` inside\nbool ok(std::string s);\n````"
)

ARTICLE = """### Title: Strings

#### Coding Questions

**Question 1: Is it a palindrome?**

**Answer:** Compare it with its reverse.

**Solutions by language:**

Slicing.

```python
print(s == s[::-1])
```

```go
fmt.Println(s)
```
"""


def test_the_article_layout_reads_solutions_after_the_answer():
    (article,) = parse_text(ARTICLE)
    assert article.questions[0].solutions == (
        "Slicing.\n\n```python\nprint(s == s[::-1])\n```\n\n```go\nfmt.Println(s)\n```"
    )
    assert article.questions[0].answer == "Compare it with its reverse."


def test_a_broken_solution_in_an_article_names_its_line_in_the_file():
    with pytest.raises(ParseError) as raised:
        parse_text(ARTICLE.replace("```go", "```golang\nx\n```\n\n```go"))
    assert raised.value.line == 21
    assert "Solutions, line 21: a second solution in Go (the first is on line 17)" in str(raised.value)


def test_the_markdown_export_writes_solutions_that_import_back():
    question = QuestionFactory(solutions=SOLUTIONS, category=category("coding"))
    ((_name, text),) = markdown_export.articles(Question.objects.filter(pk=question.pk).for_export())
    assert "**Solutions by language:**" in text or "**多语言解法：**" in text
    (article,) = parse_text(text)
    assert article.questions[0].solutions == SOLUTIONS


def test_an_article_import_fills_missing_solutions_and_keeps_the_webs(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    question = Question.objects.get()
    assert [solution.name for solution in question.parsed_solutions()] == ["Python", "Go"]
    assert '<h3 class="solution-language">Go</h3>' in question.solutions_html
    question.solutions = "```rust\nfn main() {}\n```"
    question.save()
    call_command("import_article", str(path), on_conflict="keep", stdout=StringIO(), stderr=StringIO())
    question.refresh_from_db()
    assert question.solutions == "```rust\nfn main() {}\n```"


def test_json_round_trips_solutions_and_refuses_broken_ones(tmp_path):
    QuestionFactory(slug="with-solutions", solutions=SOLUTIONS)
    out = StringIO()
    call_command("export_bank", "-", format="json", stdout=out, stderr=StringIO())
    document = json.loads(out.getvalue())
    (record,) = document["questions"]
    assert record["solutions"] == SOLUTIONS
    Question.objects.filter(slug="with-solutions").update(solutions="", solutions_html="")
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_bank", str(path), stdout=StringIO(), stderr=StringIO())
    imported = Question.objects.get(slug="with-solutions")
    assert imported.solutions == SOLUTIONS
    assert 'data-language="cpp"' in imported.solutions_html  # rendered by the bulk path
    record["solutions"] = "```klingon\nx\n```"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="solutions"):
        call_command("import_bank", str(path), stdout=StringIO(), stderr=StringIO())


def test_anki_and_moodle_carry_the_solutions_in_the_back_and_the_feedback():
    question = QuestionFactory(solutions=SOLUTIONS)
    questions = Question.objects.filter(pk=question.pk).for_export()
    out = io.StringIO()
    anki.write_anki(questions, out)
    rows = [
        row for row in csv.reader(io.StringIO(out.getvalue()), delimiter="\t") if not row[0].startswith("#")
    ]
    back = rows[0][1]
    assert "<b>Solutions by language</b>" in back
    assert '<h3 class="solution-language">C++</h3>' in back
    assert "\n" not in back  # one line a note, code lines kept as <br>
    out = io.StringIO()
    moodle.write_moodle(questions, out)
    xml = out.getvalue()
    assert xml.count("Solutions by language") == 2  # the general feedback and the grader's information
    assert xml.count("solution-language") == 4


def test_a_spreadsheet_column_holds_solutions_and_names_the_row_of_a_broken_one(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Title", "Answer", "Solutions"])
    workbook.active.append(["Reverse?", "Slice it.", "```python\nprint(s[::-1])\n```"])
    workbook.active.append(["Sum?", "Add.", "```python\nx"])
    data = io.BytesIO()
    workbook.save(data)
    path = tmp_path / "bank.xlsx"
    path.write_bytes(data.getvalue())
    with pytest.raises(CommandError, match=r"row 3.*Solutions, line 1"):
        call_command("import_bank", str(path), stdout=StringIO(), stderr=StringIO())
    path.write_text('title,answer,多语言解法\nReverse?,Slice it.,"```go\nfmt.Println(s)\n```"\n')
    call_command("import_bank", str(path.rename(tmp_path / "bank.csv")), stdout=StringIO(), stderr=StringIO())
    assert Question.objects.get().parsed_solutions()[0].language == "go"
