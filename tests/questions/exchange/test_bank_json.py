"""The JSON export: lossless, idempotent, bulk, all or nothing."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from questions import policies
from questions.editorial.workflow import apply_transition
from questions.exchange.bank_format import BankFormatError, load_document
from questions.exchange.bank_json import dump_bank, import_bank
from questions.exchange.progress import Progress
from questions.models import Question, SearchDocument, SearchTitle, Source, Tag
from questions.search.query import parse_query
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, UserFactory, category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _bank():
    """The seed plus questions with everything a question can have."""
    call_command("loaddata", "seed_article", verbosity=0)
    author = UserFactory(username="writer")
    source = SourceFactory(title="Second article", url="https://example.com/a", notes="internal")
    tags = [TagFactory(name="注意力"), TagFactory(name="vectors", slug="vec")]
    QuestionFactory(
        title="Tabs\tand “quotes”?",
        body="A *prompt* with\ttab.",
        answer="```python\nprint('x')\t# tab\n```\n\n<script>alert(1)</script>",
        editor_note="A note.",
        difficulty="hard",
        author=author,
        source=source,
        source_position=1,
        tags=tags,
        category=category("coding"),
    )
    DraftFactory(title="A loose draft", tags=[tags[0]])
    QuestionFactory(title="Windows line ends", answer="line one\r\nline two\r\n", explanation="")
    reviewed = DraftFactory(title="Went through review", author=author)
    apply_transition(reviewed.pk, "submit", UserFactory(username="submitter", is_superuser=True), reason="ok")
    apply_transition(reviewed.pk, "publish", UserFactory(username="reviewer", is_superuser=True))


def _export(**options) -> str:
    out = StringIO()
    call_command("export_bank", "-", format="json", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _import(text: str, **options) -> str:
    path = options.pop("path")
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_bank", str(path), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _everything() -> dict:
    """Every stored field of every question, source and tag, by natural key."""
    questions = {}
    for question in Question.objects.select_related("category", "source", "author").prefetch_related("tags"):
        values = {
            field.name: getattr(question, field.attname)
            for field in Question._meta.concrete_fields
            # The version is the row's edit counter, not content: a fresh import starts at 1.
            if field.name not in {"id", "category", "source", "author", "version"}
        }
        values["category"] = question.category.slug
        values["source"] = question.source.slug if question.source else None
        values["author"] = question.author.username if question.author else None
        values["tags"] = sorted(tag.slug for tag in question.tags.all())
        questions[question.slug] = values
    sources = {
        source.slug: {
            f.name: getattr(source, f.attname)
            for f in Source._meta.concrete_fields
            if f.name not in {"id", "version"}
        }
        for source in Source.objects.all()
    }
    tags = sorted(Tag.objects.values_list("slug", "name"))
    return {"questions": questions, "sources": sources, "tags": tags}


def _wipe():
    Question.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()


def test_json_round_trip_into_an_empty_bank_reproduces_everything_byte_for_byte(tmp_path):
    _bank()
    before = _everything()
    exported = _export()
    _wipe()
    assert Question.objects.count() == 0
    output = _import(exported, path=tmp_path / "bank.json")
    assert "questions: 9 created, 0 updated, 0 unchanged" in output
    assert _everything() == before
    # Markdown is stored with LF since fc03a06 (browsers post CRLF): what was
    # written with CRLF comes back as the LF text it was stored as.
    assert Question.objects.get(title="Windows line ends").answer == "line one\nline two\n"
    assert (
        "<script" not in Question.objects.get(source_position=1, source__title="Second article").answer_html
    )


def test_json_export_holds_sources_tags_and_every_field():
    _bank()
    document = json.loads(_export())
    assert (document["format"], document["version"]) == ("qbank", 1)
    assert {s["slug"] for s in document["sources"]} == set(Source.objects.values_list("slug", flat=True))
    assert {c["slug"] for c in document["categories"]} == {"concept", "challenges", "evaluation", "coding"}
    record = next(q for q in document["questions"] if q["title"].startswith("Tabs"))
    assert record["tags"] == ["vec", "注意力"]
    assert record["author"] == "writer"
    assert record["editor_note"] == "A note."
    assert "answer_html" not in record  # rendered again on import, never trusted from a file


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    _bank()
    exported = _export()
    before = _everything()
    assert "0 created, 0 updated, 9 unchanged" in _import(exported, path=tmp_path / "bank.json")
    assert _everything() == before


def test_import_updates_changed_questions_and_their_tags(tmp_path):
    _bank()
    document = json.loads(_export())
    record = next(q for q in document["questions"] if q["slug"] == "什么是大模型")
    record["answer"] = "**新的答案**"
    record["tags"] = ["vec"]
    output = _import(json.dumps(document), path=tmp_path / "bank.json")
    assert "0 created, 1 updated, 8 unchanged" in output
    question = Question.objects.get(slug="什么是大模型")
    assert question.answer_html == "<p><strong>新的答案</strong></p>"
    assert list(question.tags.values_list("slug", flat=True)) == ["vec"]


def test_export_of_one_category_carries_only_what_it_needs():
    _bank()
    document = json.loads(_export(category=["coding"], status="published"))
    assert {q["category"] for q in document["questions"]} == {"coding"}
    assert [c["slug"] for c in document["categories"]] == ["coding"]
    assert {t["slug"] for t in document["tags"]} == {"vec", "注意力"}
    assert len(document["sources"]) == 2


def test_missing_author_is_reported_and_left_empty(tmp_path):
    _bank()
    exported = _export()
    _wipe()
    get_user_model().objects.filter(username="writer").delete()
    err = StringIO()
    path = tmp_path / "bank.json"
    path.write_text(exported, encoding="utf-8")
    call_command("import_bank", str(path), stdout=StringIO(), stderr=err)
    assert "no user named writer" in err.getvalue()
    assert Question.objects.filter(author__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "qbank",\n "version": 1,\n "questions": [,]}', r"bank\.json:3: not valid JSON"),
        ('{"format": "other"}', "not a qbank JSON export"),
        ('{"format": "qbank", "version": 99}', "unsupported version 99"),
        ('{"format": "qbank", "version": 1, "questions": [{"slug": "x"}]}', r"questions\[0\] lacks answer"),
        (
            '{"format": "qbank", "version": 1, "questions": [{"slug": "x", "title": "t", "category": "nope", '
            '"answer": "a"}]}',
            r"questions\[0\]: unknown category “nope”",
        ),
        (
            '{"format": "qbank", "version": 1, "questions": [{"slug": "x", "title": "t", '
            '"category": "concept", "answer": "a", "status": "lost"}]}',
            r"questions\[0\]: status",
        ),
        (
            '{"format": "qbank", "version": 1, "questions": [{"slug": "x", "title": "t", '
            '"category": "concept", "answer": "a", "source_position": "one"}]}',
            r"questions\[0\]\.source_position has the wrong type",
        ),
    ],
)
def test_bad_json_is_refused_with_a_clear_message_and_changes_nothing(seed, tmp_path, text, message):
    before = _everything()
    with pytest.raises(CommandError, match=message):
        _import(text, path=tmp_path / "bank.json")
    assert _everything() == before


def test_a_bad_record_late_in_the_file_rolls_back_the_whole_import(seed, tmp_path):
    document = json.loads(_export())
    _wipe()
    document["questions"].append(dict(document["questions"][0], slug="late", source_position=99, answer=""))
    with pytest.raises(CommandError, match=r"questions\[5\]: answer"):
        _import(json.dumps(document), path=tmp_path / "bank.json")
    assert (Question.objects.count(), Source.objects.count()) == (0, 0)


def test_a_position_taken_by_another_question_is_refused(seed, tmp_path):
    document = json.loads(_export())
    document["questions"][0]["slug"] = "another-question"
    with pytest.raises(CommandError, match=r"position 1 of source .* is taken by “什么是大模型”"):
        _import(json.dumps(document), path=tmp_path / "bank.json")
    assert Question.objects.count() == 5


def test_dry_run_saves_nothing(seed, tmp_path):
    exported = _export()
    _wipe()
    assert "5 created" in _import(exported, path=tmp_path / "bank.json", dry_run=True)
    assert Question.objects.count() == 0


def _records(n: int, tags: bool) -> dict:
    source = {"slug": "bulk", "title": "Bulk", "created_at": "2026-01-01T00:00:00+00:00"}
    return {
        "format": "qbank",
        "version": 1,
        "tags": [{"slug": "t1", "name": "t1"}, {"slug": "t2", "name": "t2"}],
        "sources": [{**source, "updated_at": source["created_at"]}],
        "questions": [
            {
                "slug": f"q-{i}",
                "title": f"Question {i}?",
                "category": "concept",
                "answer": f"Answer **{i}**",
                "source": "bulk",
                "source_position": i,
                "tags": ["t1", "t2"] if tags else [],
            }
            for i in range(1, n + 1)
        ],
    }


@pytest.mark.parametrize("n", [10, 120])
def test_import_runs_a_constant_number_of_queries(django_assert_max_num_queries, n):
    document = load_document(json.dumps(_records(n, tags=True)).encode())
    # Per batch of 1,000, two of them: search triggers deferred, then every
    # document computed once.
    with django_assert_max_num_queries(18):
        report = import_bank(document, user=policies.SYSTEM)
    assert report.created == n
    assert Question.objects.get(slug="q-3").answer_html == "<p>Answer <strong>3</strong></p>"
    assert Question.tags.through.objects.count() == 2 * n


def test_import_reports_progress_per_thousand(tmp_path):
    document = load_document(json.dumps(_records(2100, tags=False)).encode())
    stream = StringIO()
    progress = Progress(stream, "questions", 2100)
    import_bank(document, user=policies.SYSTEM, progress=progress)
    progress.finish()
    # 2,100 questions are rendered by worker processes: the same HTML.
    assert Question.objects.get(slug="q-2100").answer_html == "<p>Answer <strong>2100</strong></p>"
    assert Question.objects.get(slug="q-1").answer_html == "<p>Answer <strong>1</strong></p>"
    lines = stream.getvalue().splitlines()
    assert [line.rsplit(", ", 1)[0] for line in lines] == [
        "questions: 1,000/2,100 (47%)",
        "questions: 2,000/2,100 (95%)",
        "questions: 2,100/2,100 (100%)",
    ]


def test_export_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    _bank()
    with django_assert_max_num_queries(6):
        dump_bank(Question.objects.all(), StringIO(), complete=True)


def test_load_document_names_the_record_that_is_wrong():
    with pytest.raises(
        BankFormatError, match=r"sources\[0\]\.created_at is not a date and time with a time zone"
    ):
        load_document(
            b'{"format": "qbank", "version": 1, "sources": [{"slug": "s", "title": "t", "created_at": "x"}]}'
        )


def test_json_keeps_the_workflow_fields():
    _bank()
    document = json.loads(_export())
    record = next(q for q in document["questions"] if q["title"] == "Went through review")
    assert record["status"] == "published"
    assert (record["submitted_by"], record["reviewed_by"]) == ("submitter", "reviewer")
    assert record["published_at"] is not None
    assert record["last_reviewed_at"] is not None


def test_bulk_import_records_a_revision_with_tags_and_moves_the_version_on(tmp_path):
    _bank()
    document = json.loads(_export())
    record = next(q for q in document["questions"] if q["title"].startswith("Tabs"))
    record["answer"] = "changed by the import"
    question = Question.objects.get(slug=record["slug"])
    revisions_before, version_before = question.history.count(), question.version
    _import(json.dumps(document, ensure_ascii=False), path=tmp_path / "bank.json")
    question.refresh_from_db()
    assert question.version == version_before + 1
    assert question.history.count() == revisions_before + 1
    latest = question.history.latest("history_id")
    assert latest.answer == "changed by the import"
    assert latest.history_change_reason == "Imported"
    assert sorted(t.tag.slug for t in latest.tags.all()) == ["vec", "注意力"]


def test_two_new_tags_with_one_name_become_one_tag(tmp_path):
    _bank()
    document = json.loads(_export())
    document["tags"] += [{"slug": "rag", "name": "RAG"}, {"slug": "rag-2", "name": "RAG"}]
    record = next(q for q in document["questions"] if q["title"] == "Windows line ends")
    record["tags"] = ["rag", "rag-2"]
    _import(json.dumps(document, ensure_ascii=False), path=tmp_path / "bank.json")
    question = Question.objects.get(title="Windows line ends")
    assert [t.name for t in question.tags.all()] == ["RAG"]
    assert Tag.objects.filter(name="RAG").count() == 1


def test_import_computes_each_search_document_once_with_its_tags(db):
    # Counted by Postgres itself (this transaction's function calls): one
    # refresh per batch, not one for the questions and one for their tags.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL track_functions = 'all'")
        import_bank(load_document(json.dumps(_records(30, tags=True)).encode()), user=policies.SYSTEM)
        cursor.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions "
            "WHERE funcname = 'qbank_refresh_search_documents'"
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT current_setting('qbank.defer_search_documents', true)")
        assert cursor.fetchone()[0] == "off"
    tag_name = Question.objects.get(slug="q-3").tags.first().name
    assert Question.objects.search(tag_name).filter(slug="q-3").exists()
    assert SearchDocument.objects.count() == SearchTitle.objects.count() == 30


def test_a_reimport_that_changes_text_and_tags_refreshes_the_search_documents(db):
    import_bank(load_document(json.dumps(_records(3, tags=True)).encode()), user=policies.SYSTEM)
    records = _records(3, tags=True)
    records["tags"].append({"slug": "t3", "name": "分布式"})
    records["questions"][0].update(title="向量检索是什么？", answer="倒排索引", tags=["t3"])
    report = import_bank(load_document(json.dumps(records).encode()), user=policies.SYSTEM)
    assert report.created == 0
    assert list(Question.objects.search("倒排").values_list("slug", flat=True)) == ["q-1"]
    assert list(Question.objects.search("分布式").values_list("slug", flat=True)) == ["q-1"]
    assert not Question.objects.search("t1").filter(slug="q-1").exists()
    assert Question.objects.ranked_pks(parse_query("向量检索"), limit=10) == [
        Question.objects.get(slug="q-1").pk
    ]
