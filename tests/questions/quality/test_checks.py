import pytest
from django.core.management import call_command

from questions.models import Question
from questions.quality import checks
from questions.quality.checks import code_blocks, issue_codes
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LONG_EXPLANATION = "Because the softmax turns scores into weights,\nand the weights sum to one over the keys."


def _codes(**fields):
    fields.setdefault("explanation", LONG_EXPLANATION)
    return QuestionFactory(**fields).quality_issues


def test_a_well_written_question_needs_no_attention():
    assert _codes(answer="Plain **text**.\n\n```python\nprint('hi')\n```") == []


def test_empty_explanation_is_flagged():
    assert _codes(explanation="   \n") == [checks.EMPTY_EXPLANATION]


@pytest.mark.parametrize(
    ("explanation", "short"),
    [
        ("Why the answer holds.", True),
        ("因为注意力权重之和为一。", True),
        ("A single line that goes on for long enough to say something about why the answer holds.", False),
        (
            "因为注意力分数经过 softmax 之后变成权重，而这些权重在所有键上加起来等于一，所以输出是值向量的加权平均。",
            False,
        ),
        ("Short.\nBut two lines.", False),
    ],
)
def test_one_line_explanation_is_flagged_by_its_width(explanation, short):
    assert (checks.SHORT_EXPLANATION in _codes(explanation=explanation)) is short


def test_code_block_without_a_language_is_flagged_with_its_line():
    question = QuestionFactory(explanation=LONG_EXPLANATION, answer="Intro.\n\n```\nx = 1\n```\n")
    [issue] = question.quality_findings()
    assert issue.code == checks.CODE_WITHOUT_LANGUAGE
    assert issue.field == "answer"
    assert "line 3" in issue.detail


def test_language_may_be_given_as_an_attribute():
    assert code_blocks("```{.python}\nx = 1\n```\n")[0].language == "python"


@pytest.mark.parametrize(
    ("language", "code", "parses"),
    [
        ("python", "def f(x):\n    return x + 1", True),
        ("py", "print 'python 2'", False),
        ("python", "def f(:\n    pass", False),
        ("python", "(" * 500 + ")" * 500, False),  # deeper than the parser copes with
        ("json", '{"a": [1, 2]}', True),
        ("json", "{'a': 1}", False),
        ("yaml", "a: 1\nb: [1, 2]\n---\nc: d", True),
        ("yml", "a: [1, 2\nb: 3", False),
        ("yaml", "!!python/object/apply:os.system ['true']", False),  # safe_load refuses tags
        ("bash", "if [ then fi", True),  # not a language we parse
    ],
)
def test_code_is_parsed_never_run(language, code, parses):
    answer = f"```{language}\n{code}\n```\n"
    assert (checks.CODE_DOES_NOT_PARSE not in _codes(answer=answer)) is parses


def test_python_code_is_parsed_not_executed(tmp_path):
    marker = tmp_path / "ran"
    answer = f"```python\nopen({str(marker)!r}, 'w').write('x')\n```\n"
    assert _codes(answer=answer) == []
    assert not marker.exists()


def test_the_syntax_error_names_the_line():
    question = QuestionFactory(explanation=LONG_EXPLANATION, body="```python\nx = 1\ny = (\n```\n")
    [issue] = question.quality_findings()
    assert issue.field == "body"
    # The fence is on line 1 of the prompt, the unclosed bracket on line 3.
    assert issue.detail.startswith("python block on line 1: line 3:")


def test_links_to_unpublished_or_missing_pages_are_broken():
    public = QuestionFactory(slug="public-one")
    DraftFactory(slug="a-draft")
    tag = TagFactory(name="gpu")
    public.tags.add(tag)
    TagFactory(name="unused")
    source = SourceFactory(slug="an-article")
    QuestionFactory(source=source, source_position=1)
    answer = (
        "See [one](/q/public-one/), [draft](/q/a-draft/), [gone](/q/nowhere/), "
        "[cat](/c/coding/), [nocat](/c/poetry/), [tag](/tags/gpu/), [unused tag](/tags/unused/), "
        "[article](/sources/an-article/), [no page](/nothing/here/), [out](https://example.com/q/x/), "
        "[image](/media/a.png) and [top](#top)."
    )
    question = QuestionFactory(explanation=LONG_EXPLANATION, answer=answer)
    broken = [issue.detail for issue in question.quality_findings() if issue.code == checks.BROKEN_LINK]
    assert broken == ["/q/a-draft/", "/q/nowhere/", "/c/poetry/", "/tags/unused/", "/nothing/here/"]
    assert question.quality_issues == [checks.BROKEN_LINK]


def test_chinese_slugs_in_links_are_decoded():
    QuestionFactory(slug="什么是大模型")
    question = QuestionFactory(
        explanation=LONG_EXPLANATION,
        answer="[ok](/q/%E4%BB%80%E4%B9%88%E6%98%AF%E5%A4%A7%E6%A8%A1%E5%9E%8B/)",
    )
    assert question.quality_issues == []


def test_findings_are_kept_in_a_stable_order():
    issues = [
        checks.Issue(checks.BROKEN_LINK, "answer"),
        checks.Issue(checks.EMPTY_EXPLANATION, "explanation"),
    ]
    assert issue_codes(issues) == [checks.EMPTY_EXPLANATION, checks.BROKEN_LINK]


def test_bulk_import_stores_the_findings():
    question = Question(
        title="Imported", slug="imported", category=QuestionFactory().category, answer="```\nx\n```"
    )
    Question.objects.bulk_import([(question, [])])
    stored = Question.objects.get(slug="imported")
    assert stored.quality_issues == [checks.EMPTY_EXPLANATION, checks.CODE_WITHOUT_LANGUAGE]


def test_bulk_import_sees_the_questions_written_by_its_earlier_batches():
    category = QuestionFactory().category
    target = Question(title="Target", slug="target", category=category, answer="a", status="published")
    linking = Question(title="Linking", slug="linking", category=category, answer="[see](/q/target/)")
    broken = Question(title="Broken", slug="broken", category=category, answer="[see](/q/nowhere/)")
    Question.objects.bulk_import([(target, []), (linking, []), (broken, [])], batch_size=1)
    stored = dict(Question.objects.values_list("slug", "quality_issues"))
    assert checks.BROKEN_LINK not in stored["linking"]
    assert checks.BROKEN_LINK in stored["broken"]


def test_saving_a_fix_clears_the_finding():
    question = QuestionFactory(explanation="")
    question.explanation = LONG_EXPLANATION
    question.save()
    question.refresh_from_db()
    assert question.quality_issues == []


def test_check_quality_recomputes_links_broken_since(capsys):
    target = QuestionFactory(slug="target")
    question = QuestionFactory(explanation=LONG_EXPLANATION, answer="[see](/q/target/)")
    assert question.quality_issues == []
    Question.objects.filter(pk=target.pk).update(status=Question.Status.DRAFT)
    call_command("check_quality")
    question.refresh_from_db()
    assert question.quality_issues == [checks.BROKEN_LINK]
    assert "1 changed" in capsys.readouterr().out


def test_findings_are_no_part_of_a_revision():
    question = QuestionFactory(explanation="")
    assert not hasattr(question.history.first(), "quality_issues")
