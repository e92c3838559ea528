"""`import_article`: articles into the bank, all or nothing, idempotent."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.exchange import articles as article_import
from questions.models import Question, Source, Tag
from tests.factories import UserFactory, category

ROOT = Path(__file__).resolve().parents[3]
SEED_PATH = ROOT / "fixtures/articles/000_078af3b08b6dc3fc.txt"
FIXTURE = json.loads((ROOT / "fixtures/seed_article.json").read_text(encoding="utf-8"))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUESTION_FIELDS = (
    "title",
    "slug",
    "difficulty",
    "body",
    "answer",
    "explanation",
    "status",
    "source_position",
)
SOURCE_FIELDS = ("title", "slug", "language", "url", "intro", "conclusion", "appendix", "notes")


def _import(*paths, **options) -> str:
    out = StringIO()
    call_command("import_article", *map(str, paths), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _counts():
    return (Question.objects.count(), Source.objects.count(), Tag.objects.count())


def _snapshot():
    return sorted(
        Question.objects.values_list("slug", "title", "answer", "explanation", "status", "updated_at")
    )


def test_importing_the_seed_article_produces_the_seed_fixture():
    _import(SEED_PATH, status="published")
    source_record, *question_records = FIXTURE
    source = Source.objects.get()
    for name in SOURCE_FIELDS:
        assert getattr(source, name) == source_record["fields"][name], name
    questions = Question.objects.select_related("category", "source").order_by("source_position")
    assert len(questions) == len(question_records) == 5
    for question, record in zip(questions, question_records, strict=True):
        expected = record["fields"]
        for name in QUESTION_FIELDS:
            assert getattr(question, name) == expected[name], (question.source_position, name)
        assert [question.category.slug] == expected["category"]
        assert [question.source.slug] == expected["source"]
        assert question.author_id == expected["author"]
        assert sorted(question.tags.values_list("slug", flat=True)) == expected["tags"]


def test_imported_seed_is_rendered_with_highlighted_code():
    _import(SEED_PATH)
    question = Question.objects.get(source_position=4)
    assert '<span class="kn">import</span>' in question.answer_html
    assert Source.objects.get().appendix_html.startswith("<ol>")


def test_importing_the_seed_over_the_fixture_changes_nothing_and_keeps_the_editors_note(seed):
    before = _snapshot()
    note = Question.objects.get(source_position=4).editor_note
    output = _import(SEED_PATH)
    assert "0 created, 0 updated, 5 unchanged" in output
    assert _snapshot() == before
    assert Question.objects.get(source_position=4).editor_note == note != ""


def test_reimport_updates_in_place_and_reports_counts(tmp_path):
    first = _import(SEED_PATH)
    assert "5 created, 0 updated, 0 unchanged" in first
    pks = dict(Question.objects.values_list("source_position", "pk"))
    edited = tmp_path / "edited.md"
    edited.write_text(
        SEED_PATH.read_text(encoding="utf-8").replace("典型的大模型。", "典型的大模型（已修订）。"),
        encoding="utf-8",
    )
    second = _import(edited)
    assert "0 created, 1 updated, 4 unchanged" in second
    assert dict(Question.objects.values_list("source_position", "pk")) == pks
    assert Question.objects.get(source_position=1).answer.endswith("典型的大模型（已修订）。")
    assert "（已修订）" in Question.objects.get(source_position=1).answer_html
    assert Source.objects.count() == 1


def test_new_questions_are_drafts_and_existing_ones_keep_their_status():
    _import(SEED_PATH)
    assert set(Question.objects.values_list("status", flat=True)) == {"draft"}
    Question.objects.filter(source_position=1).update(status="published")
    _import(SEED_PATH)
    assert Question.objects.get(source_position=1).status == "published"
    assert Question.objects.get(source_position=2).status == "draft"
    _import(SEED_PATH, status="published")
    assert set(Question.objects.values_list("status", flat=True)) == {"published"}


def test_reimport_keeps_an_editors_category_where_the_article_only_implied_one():
    _import(SEED_PATH)
    Question.objects.filter(source_position__in=[1, 4]).update(category=category("evaluation"))
    # Both were edited since the import: taking the file's text is a choice now.
    _import(SEED_PATH, on_conflict="take")
    # Question 1's category was guessed from its title: the editor's choice stays.
    assert Question.objects.get(source_position=1).category.slug == "evaluation"
    # Question 4 sits in the article's coding section: the article says so.
    assert Question.objects.get(source_position=4).category.slug == "coding"


def test_category_map_overrides_categories():
    _import(SEED_PATH, category_map="1=challenges,算法编程题库=evaluation")
    categories = dict(Question.objects.values_list("source_position", "category__slug"))
    assert categories == {1: "challenges", 2: "challenges", 3: "evaluation", 4: "evaluation", 5: "evaluation"}


def test_category_map_with_an_unknown_category_is_refused():
    with pytest.raises(CommandError, match="unknown category “nope”"):
        _import(SEED_PATH, category_map="1=nope")
    assert _counts() == (0, 0, 0)


def test_dry_run_reports_and_saves_nothing():
    output = _import(SEED_PATH, dry_run=True)
    assert "5 created" in output
    assert "Dry run" in output
    assert _counts() == (0, 0, 0)


def test_author_is_credited_on_new_questions():
    user = UserFactory(username="editor")
    _import(SEED_PATH, author="editor")
    assert set(Question.objects.values_list("author", flat=True)) == {user.pk}


def test_questions_dropped_from_the_article_are_reported_and_kept(tmp_path):
    _import(SEED_PATH)
    shorter = tmp_path / "shorter.md"
    text = SEED_PATH.read_text(encoding="utf-8")
    shorter.write_text(text[: text.index("**问题5：")] + "### 结论\n\n完。\n", encoding="utf-8")
    err = StringIO()
    call_command("import_article", str(shorter), stdout=StringIO(), stderr=err)
    assert "question 5 is in the database but not in the article" in err.getvalue()
    assert Question.objects.count() == 5


def test_front_matter_tags_and_difficulty_are_applied(tmp_path):
    path = tmp_path / "tagged.md"
    path.write_text(
        "---\ntitle: Tagged\nlanguage: en\ndifficulty: hard\ntags: ml, 基础\n---\n\n"
        "**Question 1: What is a tensor?**\n\n**Answer:** An array.\n",
        encoding="utf-8",
    )
    _import(path)
    question = Question.objects.get()
    assert question.difficulty == "hard"
    assert sorted(question.tags.values_list("name", flat=True)) == ["ml", "基础"]
    assert question.source.language == "en"


MALFORMED = {
    "answer without a question": (b"# T\n\nIntro.\n\n**\xe7\xad\x94\xe6\xa1\x88\xef\xbc\x9a** x\n", 5),
    "unclosed fence": ("# T\n\n**问题1：Q？**\n\n**答案：**\n\n```python\nx = 1\n".encode(), 7),
    "missing answer": ("# T\n\n**问题1：Q？**\n\n正文。\n".encode(), 3),
    "wrong encoding": ("# 标题\n\n**问题1：Q？**\n\n**答案：** 中文\n".encode("gb18030"), 1),
    "empty": (b"", 1),
    "binary": (b"GIF89a\x01\x00\x01\x00\x00\xff\x00", 1),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_article_names_the_line_and_changes_nothing(seed, tmp_path, name):
    data, line = MALFORMED[name]
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    before, snapshot = _counts(), _snapshot()
    with pytest.raises(CommandError) as caught:
        _import(SEED_PATH, path)  # the good article first: it must not be saved either
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert _counts() == before
    assert _snapshot() == snapshot


def test_a_failure_while_saving_rolls_back_every_article(tmp_path, monkeypatch):
    second = tmp_path / "second.md"
    second.write_text("# Second\n\n**Question 1: Boom?**\n\n**Answer:** boom\n", encoding="utf-8")
    save = article_import._ArticleImporter._save_question

    def failing(self, parsed, question, report):
        if parsed.title == "Boom?":
            raise RuntimeError("disk on fire")
        return save(self, parsed, question, report)

    monkeypatch.setattr(article_import._ArticleImporter, "_save_question", failing)
    with pytest.raises(RuntimeError):
        _import(SEED_PATH, second)
    assert _counts() == (0, 0, 0)


def test_unknown_category_in_a_comment_names_the_line(tmp_path):
    path = tmp_path / "bad-category.md"
    path.write_text(
        '# T\n\n**Question 1: Q?**\n<!-- qbank {"category": "astrology"} -->\n\n**Answer:** a\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r":3: unknown category “astrology”"):
        _import(path)
    assert _counts() == (0, 0, 0)


def test_json_files_are_sent_to_import_bank(tmp_path):
    path = tmp_path / "bank.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="import_bank"):
        _import(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _import(tmp_path / "nope.md")


def test_prose_between_a_section_heading_and_its_first_question_is_reported(tmp_path):
    path = tmp_path / "prose.md"
    path.write_text(
        "# T\n\n## Interview Questions\n\nThis section is about\nvectors.\n\nAnd more.\n\n"
        "**Question 1: Q?**\n\n**Answer:** a\n",
        encoding="utf-8",
    )
    err = StringIO()
    call_command("import_article", str(path), stdout=StringIO(), stderr=err)
    assert "lines 5–6, 8 are outside every question" in err.getvalue()
    assert Question.objects.get().answer == "a"


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)", "data:text/html,x", "https://e.com/" + "x" * 200]
)
def test_article_url_must_be_a_short_http_link(tmp_path, url):
    path = tmp_path / "a.md"
    path.write_text(
        f"---\ntitle: T\nurl: {url}\n---\n\n**Question 1: What?**\n\n**Answer:** This.\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"a.md:1: .*not an http\(s\) URL"):
        _import(path)
    assert _counts() == (0, 0, 0)


def test_article_import_records_one_revision_per_saved_question(tmp_path):
    path = tmp_path / "a.md"
    text = "---\ntitle: T\ntags: x, y\n---\n\n**Question 1: What?**\n\n**Answer:** This.\n"
    path.write_text(text, encoding="utf-8")
    _import(path)
    question = Question.objects.get()
    assert question.history.count() == 1
    assert sorted(t.tag.name for t in question.history.get().tags.all()) == ["x", "y"]
    path.write_text(text.replace("This.", "That.").replace("x, y", "x, z"), encoding="utf-8")
    _import(path)
    question.refresh_from_db()
    revisions = list(question.history.order_by("history_id"))
    assert len(revisions) == 2
    assert (revisions[-1].answer, revisions[-1].version) == ("That.", 2)
    assert sorted(t.tag.name for t in revisions[-1].tags.all()) == ["x", "z"]


def test_an_answer_longer_than_the_limit_is_refused_with_its_line(tmp_path):
    path = tmp_path / "long.md"
    path.write_text(
        "---\ntitle: T\n---\n\n**Question 1: Long?**\n\n**Answer:** " + "长" * 15_001 + "\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"long.md:5: the answer is longer than 15,000 characters"):
        _import(path)
    assert _counts() == (0, 0, 0)
