import pytest

from questions.editorial.workflow import TransitionRefused, apply_transition
from questions.models import EditConflict, Question
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, QuestionFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"
ALL_STATUSES = [s.value for s in Question.Status]
# (transition, the statuses it starts from, where it leads)
ALLOWED = {
    "submit": ({"draft"}, "review"),
    "publish": ({"review"}, "published"),
    "send_back": ({"review"}, "draft"),
    "unpublish": ({"published"}, "draft"),
    "archive": ({"draft", "review", "published"}, "archived"),
    "restore": ({"archived"}, "draft"),
}


@pytest.mark.parametrize("name", list(ALLOWED))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_transition_is_taken_only_from_its_source_statuses(name, status):
    superuser = SuperuserFactory()
    question = QuestionFactory(status=status)
    sources, target = ALLOWED[name]
    if status in sources:
        assert apply_transition(question.pk, name, superuser, reason="why").status == target
    else:
        with pytest.raises(TransitionRefused):
            apply_transition(question.pk, name, superuser, reason="why")
        question.refresh_from_db()
        assert question.status == status


def test_publishing_keeps_the_first_publication_date(admin_user):
    question = QuestionFactory(status=Question.Status.REVIEW)
    first = apply_transition(question.pk, "publish", admin_user).published_at
    apply_transition(question.pk, "unpublish", admin_user)
    apply_transition(question.pk, "submit", admin_user, reason="fixed")
    again = apply_transition(question.pk, "publish", admin_user)
    assert again.published_at == first
    assert again.last_reviewed_at > first


def test_bulk_publish_publishes_what_it_may_and_reports_the_rest(publisher_client):
    in_review = [QuestionFactory(status=Question.Status.REVIEW) for _ in range(3)]
    draft = DraftFactory()
    response = publisher_client.post(
        CHANGELIST,
        {"action": "transition_publish", "_selected_action": [q.pk for q in [*in_review, draft]]},
        follow=True,
    )
    statuses = set(Question.objects.filter(pk__in=[q.pk for q in in_review]).values_list("status", flat=True))
    assert statuses == {"published"}
    draft.refresh_from_db()
    assert draft.status == "draft"
    text = response.content.decode()
    assert "Publish: 3 questions." in text
    assert draft.title in text  # the refusal names the question


def test_change_form_shows_only_the_buttons_the_user_may_press(editor_client, publisher_client):
    draft = DraftFactory()
    url = f"/admin/questions/question/{draft.pk}/change/"
    editor_html = editor_client.get(url).content.decode()
    # The editor can edit: the button saves the form, then submits.
    assert 'name="_transition" value="submit"' in editor_html
    assert 'value="publish"' not in editor_html
    publisher_html = publisher_client.get(url).content.decode()
    # The publisher only reads: separate forms carrying the version they read.
    assert 'form="transition-archive"' in publisher_html
    assert 'name="version" value="1"' in publisher_html
    assert 'form="transition-submit"' not in publisher_html


def test_save_then_submit_keeps_the_editors_unsaved_changes(editor_client, editor):
    draft = DraftFactory(answer="old")
    response = editor_client.post(
        change_url(draft),
        form_data(draft, answer="edited just before submitting", _transition="submit", change_reason="ready"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answer == "edited just before submitting"
    assert draft.status == Question.Status.REVIEW
    assert draft.submitted_by == editor


def test_publisher_cannot_publish_a_version_they_have_not_read(publisher_client, admin_user):
    question = QuestionFactory(status=Question.Status.REVIEW, answer="what the publisher read")
    seen_version = question.version
    question.answer = "changed after the publisher opened the page"
    question.save()
    publisher_client.post(
        f"/admin/questions/question/{question.pk}/transition/publish/", {"version": seen_version}
    )
    question.refresh_from_db()
    assert question.status == Question.Status.REVIEW


def test_workflow_pages_of_a_malformed_id_are_404(admin_client):
    for url in ("abc/preview/", "abc/history/compare/", "abc/history/1/restore/"):
        assert admin_client.get(f"/admin/questions/question/{url}").status_code == 404
    assert admin_client.post("/admin/questions/question/abc/transition/submit/").status_code == 404


def test_transition_view_refuses_get(admin_client):
    draft = DraftFactory()
    assert admin_client.get(f"/admin/questions/question/{draft.pk}/transition/submit/").status_code == 405


def test_unknown_transition_is_404(admin_client):
    draft = DraftFactory()
    assert admin_client.post(f"/admin/questions/question/{draft.pk}/transition/explode/").status_code == 404


def test_saving_a_stale_instance_raises_edit_conflict():
    question = QuestionFactory(answer="v1")
    first, second = Question.objects.get(pk=question.pk), Question.objects.get(pk=question.pk)
    first.answer = "first editor"
    first.save()
    second.answer = "second editor"
    with pytest.raises(EditConflict):
        second.save()
    question.refresh_from_db()
    assert question.answer == "first editor"
    assert question.version == 2


def test_staff_preview_renders_the_public_page_for_any_status(editor_client):
    draft = DraftFactory(answer="```python\nimport torch\n```")
    response = editor_client.get(f"/admin/questions/question/{draft.pk}/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "notice-preview" in html
    assert '<span class="kn">import</span>' in html
    assert "notice-draft" not in html
