import pytest
from django.core.management import call_command

from questions import policies
from questions.editorial import acknowledgements
from questions.models import QualityAcknowledgement, Question
from questions.quality import checks
from tests.admin_helpers import change_url
from tests.factories import DraftFactory, QuestionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"
ONE_LINE = "Because it is so."


def _acknowledge_url(question, issue=checks.SHORT_EXPLANATION):
    return f"{CHANGELIST}{question.pk}/checks/{issue}/acknowledge/"


def _attention(client, value="any"):
    return {q.pk for q in client.get(CHANGELIST, {"attention": value}).context["cl"].result_list}


def test_an_acknowledged_check_leaves_the_needs_attention_filter(editor_client, editor):
    acknowledged = QuestionFactory(explanation=ONE_LINE)
    other = QuestionFactory(explanation=ONE_LINE)
    response = editor_client.post(_acknowledge_url(acknowledged), {"reason": "The article's own words."})
    assert response.status_code == 302
    assert _attention(editor_client) == {other.pk}
    assert _attention(editor_client, checks.SHORT_EXPLANATION) == {other.pk}
    row = QualityAcknowledgement.objects.get(question=acknowledged)
    assert (row.reason, row.acknowledged_by, row.withdrawn_at) == ("The article's own words.", editor, None)


def test_a_finding_of_another_kind_still_needs_attention(publisher_client):
    question = QuestionFactory(explanation=ONE_LINE, answer="```\nx\n```")
    publisher_client.post(_acknowledge_url(question), {"reason": "Short on purpose."})
    assert _attention(publisher_client) == {question.pk}
    assert _attention(publisher_client, checks.SHORT_EXPLANATION) == set()
    assert _attention(publisher_client, checks.CODE_WITHOUT_LANGUAGE) == {question.pk}


def test_a_withdrawn_acknowledgement_puts_the_question_back(editor_client):
    question = QuestionFactory(explanation=ONE_LINE)
    editor_client.post(_acknowledge_url(question), {"reason": "Fine."})
    editor_client.post(f"{CHANGELIST}{question.pk}/checks/{checks.SHORT_EXPLANATION}/withdraw/")
    assert _attention(editor_client) == {question.pk}
    assert QualityAcknowledgement.objects.get(question=question).withdrawn_at is not None


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_an_acknowledgement_needs_a_short_reason(editor_client, reason):
    question = QuestionFactory(explanation=ONE_LINE)
    response = editor_client.post(_acknowledge_url(question), {"reason": reason}, follow=True)
    assert "Give a reason of at most 300 characters." in response.content.decode()
    assert not QualityAcknowledgement.objects.exists()


def test_an_unknown_check_is_refused(editor_client):
    question = QuestionFactory(explanation=ONE_LINE)
    editor_client.post(_acknowledge_url(question, "nonsense"), {"reason": "Fine."})
    assert not QualityAcknowledgement.objects.exists()


def test_staff_without_a_role_may_not_acknowledge(staff_client):
    question = QuestionFactory(explanation=ONE_LINE)
    response = staff_client.post(_acknowledge_url(question), {"reason": "Fine."})
    assert response.status_code == 403
    assert not QualityAcknowledgement.objects.exists()


def test_acknowledging_needs_a_post(editor_client):
    question = QuestionFactory(explanation=ONE_LINE)
    assert editor_client.get(_acknowledge_url(question)).status_code == 405


def test_the_change_form_offers_the_acknowledgement_and_shows_the_reason(editor_client):
    question = DraftFactory(explanation=ONE_LINE)
    html = editor_client.get(change_url(question)).content.decode()
    assert 'form="acknowledge-short_explanation"' in html
    assert (
        f'<form id="acknowledge-short_explanation" method="post" action="{_acknowledge_url(question)}">'
        in html
    )
    editor_client.post(_acknowledge_url(question), {"reason": "The <b>article</b>'s own words."})
    html = editor_client.get(change_url(question)).content.decode()
    assert "Acknowledged checks" in html
    assert "The &lt;b&gt;article&lt;/b&gt;&#x27;s own words." in html
    assert 'form="withdraw-short_explanation"' in html
    assert "No problems found in the saved text." not in html


def test_the_quality_panel_reads_in_chinese(chinese_editor_client):
    question = DraftFactory(explanation=ONE_LINE)
    html = chinese_editor_client.get(change_url(question)).content.decode()
    assert "这里没有问题？确认“解析只有一行”，理由：" in html


def test_the_seed_acknowledges_its_one_line_explanations_once():
    call_command("seed_bank", verbosity=0)
    assert Question.objects.exclude(quality_issues=[]).count() == 5
    assert not Question.objects.needing_attention().exists()
    question = Question.objects.order_by("pk").first()
    acknowledgements.withdraw(question, policies.SYSTEM, checks.SHORT_EXPLANATION)
    call_command("seed_bank", verbosity=0)
    assert list(Question.objects.needing_attention()) == [question]
