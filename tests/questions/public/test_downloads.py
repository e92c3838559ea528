"""Public downloads of a category's published questions."""

import csv
import io
import re

import pytest
from django.http import FileResponse
from django.urls import reverse

from tests.factories import (
    DraftFactory,
    QuestionFactory,
    SourceFactory,
    TagFactory,
    category,
    questions_in_bulk,
)
from tests.scale import at_scale

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _text(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def _anki_rows(text: str):
    body = [line for line in text.split("\n") if line and not line.startswith("#")]
    return list(csv.reader(io.StringIO("\n".join(body)), delimiter="\t"))


def test_category_page_links_its_downloads(client, seed):
    html = client.get("/c/coding/").content.decode()
    assert 'href="/c/coding/export.anki.txt"' in html
    assert 'href="/c/coding/export.md"' in html


def test_category_anki_download_has_published_questions_only(client, seed):
    DraftFactory(title="Unpublished coding draft", category=category("coding"))
    response = client.get(reverse("questions:category_export", args=["coding", "anki.txt"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="qbank-coding-anki.txt"'
    text = _text(response)
    assert "如何实现一个简单的Transformer模型？" in text
    assert "什么是大模型？" not in text
    assert "Unpublished coding draft" not in text
    assert len([row for row in _anki_rows(text) if row]) == 2


def test_category_markdown_download_is_an_importable_article(client, seed, staff_client):
    DraftFactory(title="Unpublished coding draft", category=category("coding"))
    response = staff_client.get("/c/coding/export.md")
    assert response["Content-Disposition"] == 'attachment; filename="qbank-coding.md"'
    text = _text(response)
    assert "**问题4：如何实现一个简单的Transformer模型？**" in text
    assert "Unpublished coding draft" not in text  # staff too: the download is the public one


def test_unknown_download_format_or_category_is_404(client, seed):
    assert client.get("/c/coding/export.pdf").status_code == 404
    assert client.get("/c/nope/export.md").status_code == 404


@pytest.mark.parametrize("n", [2, at_scale(40)])
def test_category_download_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    tag = TagFactory()
    coding = category("coding")
    questions_in_bulk({"category": coding, "tags": [tag], "source": SourceFactory()} for _ in range(n))
    # The category, then a chunk of questions with sources and tags (3).
    with django_assert_max_num_queries(4):
        assert _text(client.get("/c/coding/export.anki.txt"))
    with django_assert_max_num_queries(4):
        assert _text(client.get("/c/coding/export.md"))


def test_a_category_download_is_built_once_per_change_of_the_category(
    client, django_assert_num_queries, settings
):
    QuestionFactory(title="First coding question", category=category("coding"))
    first = _text(client.get("/c/coding/export.anki.txt"))
    assert "First coding question" in first
    with django_assert_num_queries(1):  # the category: the file is on disk
        again = client.get("/c/coding/export.anki.txt")
        assert isinstance(again, FileResponse)
        assert _text(again) == first
    QuestionFactory(title="In another category", category=category("concept"))
    with django_assert_num_queries(1):  # not a change of this category
        assert _text(client.get("/c/coding/export.anki.txt")) == first
    QuestionFactory(title="Second coding question", category=category("coding"))
    rebuilt = _text(client.get("/c/coding/export.anki.txt"))
    assert "Second coding question" in rebuilt
    # The older version's file is gone.
    assert len(list(settings.DOWNLOADS_CACHE_DIR.glob("*-anki.txt"))) == 1


def test_a_download_left_midway_leaves_no_file(client, settings):
    for _ in range(3):
        QuestionFactory(category=category("coding"))
    response = client.get("/c/coding/export.anki.txt")
    next(iter(response.streaming_content))
    response.close()
    # Only the (empty) lock file of the build stays, for the next builder.
    left = [path.name for path in settings.DOWNLOADS_CACHE_DIR.iterdir()]
    assert len(left) == 1
    assert left[0].endswith("-anki.txt.lock")


def test_download_labels_follow_the_readers_language(client):
    QuestionFactory(category=category("coding"), explanation="Why.")
    english = _text(client.get("/c/coding/export.anki.txt", headers={"accept-language": "en"}))
    chinese = _text(client.get("/c/coding/export.anki.txt", headers={"accept-language": "zh-hans"}))
    assert "<b>Explanation</b>" in english
    assert "<b>Explanation</b>" not in chinese


def _question_columns(sql: str) -> set[str]:
    return set(re.findall(r'"questions_question"\."(\w+)"', sql))


def test_each_download_reads_only_the_columns_it_writes(client, django_assert_max_num_queries):
    QuestionFactory(category=category("coding"), tags=[TagFactory()], source=SourceFactory())
    with django_assert_max_num_queries(4) as anki:
        _text(client.get("/c/coding/export.anki.txt"))
    with django_assert_max_num_queries(4) as markdown:
        _text(client.get("/c/coding/export.md"))
    anki_columns = set().union(*(_question_columns(q["sql"]) for q in anki.captured_queries))
    markdown_columns = set().union(*(_question_columns(q["sql"]) for q in markdown.captured_queries))
    assert {"answer_html", "body_html"} <= anki_columns
    assert not {"answer", "body", "explanation", "editor_note"} & anki_columns
    assert {"answer", "body"} <= markdown_columns
    assert not {"answer_html", "body_html", "explanation_html", "editor_note_html"} & markdown_columns
