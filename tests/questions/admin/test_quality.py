import pytest
from django.db import connection

from questions.models import Category, Question
from questions.quality import checks, duplicates
from questions.quality.duplicates import near_duplicates
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory
from tests.scale import at_scale

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"
EXPLAINED = "Because the softmax turns scores into weights,\nand the weights sum to one over the keys."


def test_change_form_lists_the_findings_with_their_details(editor_client):
    question = DraftFactory(explanation="", answer="```python\ndef f(:\n```\n\n[x](/q/missing/)")
    html = editor_client.get(change_url(question)).content.decode()
    assert "Quality checks" in html
    assert "Empty explanation" in html
    assert "Code that does not parse" in html
    assert "python block on line 1" in html
    assert "Broken internal link" in html
    assert "/q/missing/" in html


def test_change_form_says_so_when_all_is_well(publisher_client):
    question = QuestionFactory(explanation=EXPLAINED)
    html = publisher_client.get(change_url(question)).content.decode()
    assert "No problems found in the saved text." in html


def test_change_form_links_to_near_duplicates(editor_client):
    original = QuestionFactory(title="什么是大模型的幻觉？")
    QuestionFactory(title="如何部署向量数据库？")
    copy = DraftFactory(title="什么是大模型幻觉？")
    response = editor_client.get(change_url(copy))
    assert [d.question.pk for d in response.context["near_duplicates"]] == [original.pk]
    html = response.content.decode()
    assert f'href="/admin/questions/question/{original.pk}/change/"' in html
    assert "什么是大模型的幻觉？" in html


def test_near_duplicates_by_prompt_when_titles_differ():
    prompt = "Explain why scaled dot-product attention divides the scores by the square root of d_k."
    original = QuestionFactory(title="Scaling in attention", body=prompt)
    copy = QuestionFactory(title="A question about transformers", body=prompt.replace("Explain", "Say"))
    QuestionFactory(title="Unrelated", body="How does a B-tree split a full node?")
    found = near_duplicates(copy)
    assert [d.question.pk for d in found] == [original.pk]
    assert found[0].similarity > 0.8


def test_questions_sharing_only_a_template_are_not_duplicates():
    QuestionFactory(title="什么是注意力机制？")
    QuestionFactory(title="什么是梯度裁剪？")
    question = QuestionFactory(title="什么是知识蒸馏？")
    assert near_duplicates(question) == []


def test_near_duplicates_are_at_most_five_most_similar_first():
    for i in range(8):
        QuestionFactory(title=f"How does attention scale with sequence length {i}?")
    question = QuestionFactory(title="How does attention scale with sequence length?")
    found = near_duplicates(question)
    assert len(found) == 5
    assert [d.similarity for d in found] == sorted((d.similarity for d in found), reverse=True)


def test_duplicate_check_leaves_the_connection_settings_as_they_were():
    question = QuestionFactory(title="Attention")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        near_duplicates(question)
        cursor.execute("SELECT current_setting('statement_timeout'), show_limit()")
        assert cursor.fetchone() == (before, pytest.approx(0.3))


def test_duplicate_queries_use_the_trigram_indexes():
    # Whether the planner picks an index depends on the bank's size and
    # statistics (on a small table Postgres 18 prefers skip-scanning the
    # primary key), so the other ways in are closed for this transaction
    # only: what is left proves the trigram indexes can serve the very
    # statements the change form runs (operator class, partial predicate).
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE questions_similarity_key DROP CONSTRAINT questions_similarity_key_pkey")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = []
        for kind in ("t", "p"):
            cursor.execute("EXPLAIN " + duplicates._MATCHES[kind], {"text": "attention", "pk": 0, "limit": 5})
            plans.append(" ".join(row[0] for row in cursor.fetchall()))
    assert "questions_similarity_title_trgm" in plans[0]
    assert "questions_similarity_prompt_trgm" in plans[1]


def test_similarity_keys_follow_every_write():
    question = QuestionFactory(title="Attention", body="")
    keys = "SELECT kind, text FROM questions_similarity_key WHERE question_id = %s ORDER BY kind"
    with connection.cursor() as cursor:
        cursor.execute(keys, [question.pk])
        assert cursor.fetchall() == [("t", "Attention")]
        Question.objects.filter(pk=question.pk).update(title="Self-attention", body="x" * 600)
        cursor.execute(keys, [question.pk])
        assert cursor.fetchall() == [("p", "x" * 100), ("t", "Self-attention")]
        Question.objects.filter(pk=question.pk).update(body="  ")
        cursor.execute(keys, [question.pk])
        assert cursor.fetchall() == [("t", "Self-attention")]


def test_a_deleted_question_is_nobodys_duplicate():
    original = QuestionFactory(title="How does attention scale with sequence length?")
    copy = QuestionFactory(title="How does attention scale with sequence length?!")
    original.delete()
    assert near_duplicates(copy) == []


def test_near_duplicates_are_only_those_the_user_may_see():
    original = QuestionFactory(
        title="How does attention scale with sequence length?", status=Question.Status.DRAFT
    )
    copy = QuestionFactory(title="How does attention scale with sequence length?!")
    assert [d.question.pk for d in near_duplicates(copy)] == [original.pk]
    assert near_duplicates(copy, Question.objects.published()) == []


def test_needs_attention_filter_lists_flagged_questions(editor_client):
    fine = QuestionFactory(explanation=EXPLAINED)
    empty = QuestionFactory(explanation="")
    unlabelled = QuestionFactory(explanation=EXPLAINED, answer="```\nx\n```")
    shown = editor_client.get(CHANGELIST, {"attention": "any"}).context["cl"].result_list
    assert {q.pk for q in shown} == {empty.pk, unlabelled.pk}
    shown = (
        editor_client.get(CHANGELIST, {"attention": checks.CODE_WITHOUT_LANGUAGE}).context["cl"].result_list
    )
    assert [q.pk for q in shown] == [unlabelled.pk]
    everything = editor_client.get(CHANGELIST, {"attention": "nonsense"}).context["cl"].result_list
    assert fine.pk in {q.pk for q in everything}


def test_needs_attention_filter_is_offered_to_publishers(publisher_client):
    QuestionFactory(explanation="")
    html = publisher_client.get(CHANGELIST).content.decode()
    assert "By needs attention" in html
    assert "?attention=any" in html


def test_staff_without_a_role_see_no_findings(staff_client):
    question = QuestionFactory(explanation="")
    assert staff_client.get(change_url(question)).status_code == 403
    assert staff_client.get(CHANGELIST, {"attention": "any"}).status_code == 403


def test_a_form_sent_back_with_errors_shows_the_saved_texts_findings(editor_client):
    question = DraftFactory(explanation="")
    data = form_data(question, title="", explanation=EXPLAINED)  # a title is required
    response = editor_client.post(change_url(question), data)
    assert response.status_code == 200
    assert [i.code for i in response.context["quality_issues"]] == [checks.EMPTY_EXPLANATION]


def test_saving_in_the_admin_stores_the_findings(editor_client):
    question = DraftFactory(explanation=EXPLAINED)
    data = form_data(question, answer="```\nplain\n```")
    response = editor_client.post(change_url(question), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.quality_issues == [checks.CODE_WITHOUT_LANGUAGE]


def _bank_in_bulk(n):
    categories = list(Category.objects.all())
    Question.objects.bulk_create(
        Question(
            title=f"Bulk question {i}", slug=f"bulk-{i}", answer="x", category=categories[i % 4],
            quality_issues=[checks.EMPTY_EXPLANATION] if i % 2 else [],
        )
        for i in range(n)
    )  # fmt: skip


@pytest.mark.parametrize("n", [10, at_scale(50)])
def test_needs_attention_changelist_runs_a_constant_number_of_queries(
    editor_client, django_assert_max_num_queries, n
):
    _bank_in_bulk(n)
    # The plain changelist's 12 (see test_changelist), and the filtered
    # count beside the total, plus the editor's permissions.
    with django_assert_max_num_queries(14):
        response = editor_client.get(CHANGELIST, {"attention": "any"})
    assert response.context["cl"].result_count == n // 2


@pytest.mark.parametrize("n", [10, at_scale(50)])
def test_change_form_runs_a_constant_number_of_queries(editor_client, django_assert_max_num_queries, n):
    _bank_in_bulk(n)
    # Six copies of one title, so that five are shown whatever n: the other
    # "Bulk question N"s are proposed by the index but are other questions.
    Question.objects.bulk_create(
        Question(title="Bulk question 7!", slug=f"copy-{i}", answer="x", category=Category.objects.first())
        for i in range(5)
    )
    question = DraftFactory(title="Bulk question 7", explanation="", answer="[x](/q/bulk-3/)")
    with django_assert_max_num_queries(30):
        response = editor_client.get(change_url(question))
    assert response.status_code == 200
    assert len(response.context["near_duplicates"]) == 5


def test_similarity_keys_of_questions_inserted_together():
    QuestionFactory.create_batch(3, title="Attention", body="")
    rows = [(QuestionFactory.build(slug=f"bulk-{n}", title=f"T{n}", body="x" * n), []) for n in range(3)]
    Question.objects.bulk_import(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, text FROM questions_similarity_key WHERE question_id = ANY(%s)",
            [[question.pk for question, _tags in rows]],
        )
        assert sorted(cursor.fetchall()) == [("p", "x"), ("p", "xx"), ("t", "T0"), ("t", "T1"), ("t", "T2")]
