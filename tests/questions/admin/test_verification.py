from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from questions.editorial.verification import due_for_reverification
from questions.models import Question, Verification
from tests.admin_helpers import change_url
from tests.factories import DraftFactory, QuestionFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"


def _verify_url(question):
    return f"{CHANGELIST}{question.pk}/verify/"


def _published_days_ago(days, **kwargs):
    question = QuestionFactory(**kwargs)
    Question.objects.filter(pk=question.pk).update(published_at=timezone.now() - timedelta(days=days))
    return question


def _verified_days_ago(question, days):
    Verification.objects.create(
        question=question, reason="Checked.", verified_at=timezone.now() - timedelta(days=days)
    )


def test_a_publisher_marks_a_question_verified_and_the_public_page_says_when(publisher_client, publisher):
    question = QuestionFactory()
    public = Client(headers={"accept-language": "en"})
    assert "Last checked" not in public.get(question.get_absolute_url()).content.decode()
    response = publisher_client.post(_verify_url(question), {"reason": "Still the current API."})
    assert response.status_code == 302
    verification = Verification.objects.get(question=question)
    assert (verification.verified_by, verification.reason) == (publisher, "Still the current API.")
    # The anonymous page was cached: the verification moved the content version.
    html = public.get(question.get_absolute_url()).content.decode()
    assert "Last checked" in html
    assert f'<time datetime="{timezone.localdate(verification.verified_at).isoformat()}">' in html
    form = publisher_client.get(change_url(question)).content.decode()
    assert "Still the current API." in form
    assert "Last verified" in form


def test_editors_may_not_verify(editor_client):
    question = QuestionFactory()
    assert editor_client.post(_verify_url(question), {"reason": "Fine."}).status_code == 403
    assert not Verification.objects.exists()


def test_a_draft_is_not_verified(publisher_client):
    draft = DraftFactory()
    assert publisher_client.post(_verify_url(draft), {"reason": "Fine."}).status_code == 403
    assert 'form="verify-question"' not in publisher_client.get(change_url(draft)).content.decode()


@pytest.mark.parametrize("reason", ["", "x" * 301])
def test_verifying_needs_a_short_reason(publisher_client, reason):
    question = QuestionFactory()
    response = publisher_client.post(_verify_url(question), {"reason": reason}, follow=True)
    assert "Give a reason of at most 300 characters." in response.content.decode()
    assert not Verification.objects.exists()


def test_questions_not_verified_for_a_year_are_due(settings):
    settings.REVERIFY_AFTER_DAYS = 365
    never_verified_old = _published_days_ago(400)
    _published_days_ago(30)  # never verified, but published lately
    verified_lately = _published_days_ago(800)
    _verified_days_ago(verified_lately, 10)
    verified_long_ago = _published_days_ago(800)
    _verified_days_ago(verified_long_ago, 500)
    DraftFactory()
    due = set(due_for_reverification().values_list("pk", flat=True))
    assert due == {never_verified_old.pk, verified_long_ago.pk}


def test_questions_from_an_old_article_are_due_until_verified_since(settings):
    settings.REVERIFY_SOURCES_BEFORE = date(2024, 1, 1)
    old_article = SourceFactory(written_on=date(2022, 5, 1))
    new_article = SourceFactory(written_on=date(2025, 5, 1))
    from_old = _published_days_ago(5, source=old_article)
    checked = _published_days_ago(5, source=old_article, source_position=2)
    _verified_days_ago(checked, 1)
    _published_days_ago(5, source=new_article)
    assert list(due_for_reverification().values_list("pk", flat=True)) == [from_old.pk]


def test_the_queue_count_equals_its_filtered_changelist(publisher_client, settings):
    settings.REVERIFY_AFTER_DAYS = 365
    for _ in range(3):
        _published_days_ago(400)
    _published_days_ago(3)
    section = {s.key: s for s in publisher_client.get("/admin/").context["dashboard"]}["reverify"]
    changelist = publisher_client.get(CHANGELIST, {"queue": "reverify"})
    assert section.count == changelist.context["cl"].result_count == 3
    assert "Due for re-verification" in publisher_client.get("/admin/").content.decode()


def test_editors_have_no_reverification_queue(editor_client):
    sections = {s.key for s in editor_client.get("/admin/").context["dashboard"]}
    assert "reverify" not in sections


def test_the_public_page_reads_last_checked_in_chinese():
    question = QuestionFactory()
    Verification.objects.create(question=question, reason="Checked.")
    client = Client(headers={"accept-language": "zh-hans"})
    assert "最近核对" in client.get(question.get_absolute_url()).content.decode()
