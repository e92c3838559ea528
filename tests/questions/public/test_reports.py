"""Candidates report a problem with a question: guests too, within limits
per person and per address; the report reaches the editors' queue and the
change form, is resolved with a reason, and a signed-in reporter is told."""

import pytest
from django.core import mail
from django.test import Client, override_settings

from accounts.models import ThrottledRequest
from questions.editorial import queues
from questions.models import Question, Report
from tests.factories import DraftFactory, QuestionFactory, UserFactory
from tests.jobs_helpers import run_queued_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _report_url(question):
    return f"{question.get_absolute_url()}report/"


def _report(client, question, kind="wrong", comment="The answer says 2019; it changed in 2024."):
    return client.post(_report_url(question), {"kind": kind, "comment": comment})


def test_the_question_page_links_to_the_report_form(client):
    question = QuestionFactory()
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'href="{_report_url(question)}"' in html
    assert client.get(_report_url(question)).status_code == 200


def test_a_report_by_a_guest_reaches_the_queue_of_publishers_and_of_the_author(editor, publisher, client):
    question = QuestionFactory(author=editor)
    response = _report(client, question, kind="outdated")
    assert response.status_code == 200
    assert "谢谢" in response.content.decode()  # the site's language, Chinese
    report = Report.objects.get()
    assert (report.question, report.kind, report.reporter) == (question, "outdated", None)
    for user in (editor, publisher):
        assert list(queues.queue_for(user, "reports").questions(user)) == [question]


def test_an_editor_sees_only_reports_on_their_own_questions(editor, other_editor, client):
    _report(client, QuestionFactory(author=other_editor))
    assert not queues.queue_for(editor, "reports").questions(editor).exists()


@override_settings(REPORTS_PER_ADDRESS_PER_HOUR=2)
def test_the_rate_limit_per_address_holds_for_guests():
    question = QuestionFactory()
    guest = Client(REMOTE_ADDR="198.51.100.4")
    assert _report(guest, question).status_code == 200
    assert _report(guest, question, kind="typo").status_code == 200
    assert _report(guest, question, kind="unclear").status_code == 429
    assert Report.objects.count() == 2
    assert _report(Client(REMOTE_ADDR="198.51.100.5"), question).status_code == 200  # another address
    assert ThrottledRequest.objects.filter(ip_address="198.51.100.4").count() == 2


@override_settings(REPORTS_PER_PERSON_PER_HOUR=1, REPORTS_PER_ADDRESS_PER_HOUR=100)
def test_the_rate_limit_per_person_holds_whatever_the_address():
    question = QuestionFactory()
    candidate = UserFactory()
    first, second = Client(REMOTE_ADDR="198.51.100.6"), Client(REMOTE_ADDR="198.51.100.7")
    first.force_login(candidate)
    second.force_login(candidate)
    assert _report(first, question).status_code == 200
    assert _report(second, question).status_code == 429
    assert Report.objects.filter(reporter=candidate).count() == 1


def test_a_report_is_bounded_and_needs_a_known_problem(client):
    question = QuestionFactory()
    assert _report(client, question, comment="x" * 1001).status_code == 400
    assert _report(client, question, kind="spam").status_code == 400
    assert not Report.objects.exists()


def test_a_draft_cannot_be_reported_by_those_who_cannot_see_it(client):
    assert _report(client, DraftFactory()).status_code == 404


def test_the_change_form_lists_the_report_and_resolving_it_tells_the_signed_in_reporter(
    editor, editor_client, client
):
    question = QuestionFactory(author=editor, status=Question.Status.DRAFT)
    candidate = UserFactory(email="candidate@example.com")
    client.force_login(candidate)
    question.status = Question.Status.PUBLISHED
    question.save()
    _report(client, question, comment="Outdated since 2024")
    change_url = f"/admin/questions/question/{question.pk}/change/"
    html = editor_client.get(change_url).content.decode()
    assert "Outdated since 2024" in html
    assert "Candidates&#x27; reports" in html
    report = Report.objects.get()

    resolve_url = f"/admin/questions/question/{question.pk}/reports/{report.pk}/resolve/"
    editor_client.post(resolve_url, {"report-resolution": ""})
    report.refresh_from_db()
    assert report.resolved_at is None  # a reason is required

    editor_client.post(resolve_url, {"report-resolution": "Answer rewritten for 2024."})
    report.refresh_from_db()
    assert (report.resolved_by, report.resolution) == (editor, "Answer rewritten for 2024.")
    assert not queues.queue_for(editor, "reports").questions(editor).exists()
    assert run_queued_jobs() == ["questions.send_report_resolved"]
    assert mail.outbox[0].to == ["candidate@example.com"]
    assert "Answer rewritten for 2024." in mail.outbox[0].body
    assert "已解决：Answer rewritten for 2024." in client.get(_report_url(question)).content.decode()


def test_a_guest_report_resolved_queues_no_e_mail(publisher, publisher_client, client):
    question = QuestionFactory()
    _report(client, question)
    report = Report.objects.get()
    publisher_client.post(
        f"/admin/questions/question/{question.pk}/reports/{report.pk}/resolve/",
        {"report-resolution": "Not a problem: the answer is right."},
    )
    report.refresh_from_db()
    assert report.resolved_by == publisher
    assert run_queued_jobs() == []


def test_someone_who_cannot_act_on_the_question_cannot_resolve_its_report(client):
    from tests.factories import StaffFactory

    question = QuestionFactory()
    _report(client, question)
    report = Report.objects.get()
    staff = Client()
    staff.force_login(StaffFactory())
    response = staff.post(
        f"/admin/questions/question/{question.pk}/reports/{report.pk}/resolve/",
        {"report-resolution": "mine now"},
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.resolved_at is None


def test_a_person_s_reports_are_in_their_personal_data_export():
    from accounts import personal_data

    candidate = UserFactory()
    question = QuestionFactory()
    Report.objects.create(question=question, kind="typo", comment="tpyo", reporter=candidate)
    exported = personal_data.export(candidate)
    assert exported["question_reports"]["reports"][0]["comment"] == "tpyo"
