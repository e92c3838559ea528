import pytest

from questions.models import Question, Source
from tests.admin_helpers import change_url, form_data
from tests.factories import DraftFactory, SourceFactory, TagFactory, category

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"


def _history(question):
    return list(question.history.order_by("history_id"))


def test_every_editor_save_path_records_a_revision(editor_client, editor, publisher_client):
    # Add in the admin.
    editor_client.post(
        "/admin/questions/question/add/",
        {"title": "Revisions?", "category": category().pk, "difficulty": "easy", "version": 1,
         "answer": "one", "body": "", "explanation": "", "editor_note": "", "slug": "", "source_position": ""},
    )  # fmt: skip
    question = Question.objects.get(title="Revisions?")
    assert len(_history(question)) == 1

    # Change in the admin, tags included: one revision holding the new tags.
    tag = TagFactory(name="attention")
    editor_client.post(change_url(question), form_data(question, answer="two", tags=[tag.pk]))
    revisions = _history(question)
    assert len(revisions) == 2
    assert revisions[-1].answer == "two"
    assert [t.tag.name for t in revisions[-1].tags.all()] == ["attention"]
    assert revisions[-1].history_user == editor

    # Bulk actions.
    editor_client.post(
        CHANGELIST, {"action": "set_difficulty", "difficulty": "hard", "_selected_action": [question.pk]}
    )
    editor_client.post(CHANGELIST, {"action": "add_tag", "tag": "new-tag", "_selected_action": [question.pk]})
    revisions = _history(question)
    assert len(revisions) == 4
    assert revisions[-2].difficulty == "hard"
    assert sorted(t.tag.name for t in revisions[-1].tags.all()) == ["attention", "new-tag"]

    # Workflow transitions.
    editor_client.post(f"/admin/questions/question/{question.pk}/transition/submit/", {"reason": "ready"})
    publisher_client.post(f"/admin/questions/question/{question.pk}/transition/publish/")
    revisions = _history(question)
    assert [r.status for r in revisions[-2:]] == ["review", "published"]
    # Recorded in the language of the publisher's request.
    assert revisions[-1].history_change_reason in {"Publish", "发布"}


def test_bulk_set_category_and_remove_tag(editor_client):
    tag = TagFactory(name="old")
    drafts = [DraftFactory(tags=[tag]) for _ in range(2)]
    ids = [d.pk for d in drafts]
    editor_client.post(
        CHANGELIST, {"action": "set_category", "category": category("coding").pk, "_selected_action": ids}
    )
    editor_client.post(CHANGELIST, {"action": "remove_tag", "tag": "old", "_selected_action": ids})
    for draft in Question.objects.filter(pk__in=ids):
        assert draft.category.slug == "coding"
        assert list(draft.tags.all()) == []
        assert draft.version == 3


def test_bulk_edit_skips_questions_the_editor_may_not_change(editor_client):
    draft = DraftFactory()
    published = DraftFactory(status=Question.Status.PUBLISHED)
    editor_client.post(
        CHANGELIST,
        {"action": "set_difficulty", "difficulty": "hard", "_selected_action": [draft.pk, published.pk]},
    )
    assert Question.objects.get(pk=draft.pk).difficulty == "hard"
    assert Question.objects.get(pk=published.pk).difficulty == "medium"


@pytest.mark.parametrize(
    ("action", "inputs", "message"),
    [
        ("set_category", {}, "Choose a category beside the action menu."),
        ("set_difficulty", {}, "Choose a difficulty beside the action menu."),
        ("add_tag", {"tag": ""}, "Type a tag name beside the action menu."),
        ("add_tag", {}, "Type a tag name beside the action menu."),
    ],
)
def test_a_bulk_edit_without_its_input_says_what_to_choose_and_changes_nothing(
    editor_client, action, inputs, message
):
    draft = DraftFactory()
    response = editor_client.post(
        CHANGELIST, {"action": action, "_selected_action": [draft.pk], **inputs}, follow=True
    )
    assert message in [str(shown) for shown in response.context["messages"]]
    assert Question.objects.get(pk=draft.pk).version == draft.version


def test_a_selected_id_that_is_no_id_is_refused_with_400(editor_client):
    draft = DraftFactory()
    response = editor_client.post(
        CHANGELIST, {"action": "set_difficulty", "difficulty": "hard", "_selected_action": [draft.pk, "abc"]}
    )
    assert response.status_code == 400
    assert Question.objects.get(pk=draft.pk).difficulty == draft.difficulty


def test_history_page_lists_revisions_with_compare_and_restore(editor_client):
    draft = DraftFactory(answer="first")
    draft.answer = "second"
    draft.save()
    response = editor_client.get(f"/admin/questions/question/{draft.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="from"') == 2
    assert "/history/compare/" in html
    assert "/restore/" in html


def test_compare_shows_a_readable_diff_of_the_markdown(editor_client):
    draft = DraftFactory(answer="大模型是指具有数百万参数的模型。\n\n第二段不变。")
    old = draft.history.latest("history_id")
    draft.answer = "大模型是指具有数十亿参数的模型。\n\n第二段不变。"
    draft.save()
    response = editor_client.get(
        f"/admin/questions/question/{draft.pk}/history/compare/", {"from": old.history_id, "to": "current"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>百万</del>" in html
    assert "<ins>十亿</ins>" in html
    assert "第二段不变。" in html


def test_compare_escapes_markup_in_the_text(editor_client):
    draft = DraftFactory(answer="safe")
    old = draft.history.latest("history_id")
    draft.answer = "<script>alert(1)</script>"
    draft.save()
    html = editor_client.get(
        f"/admin/questions/question/{draft.pk}/history/compare/", {"from": old.history_id}
    ).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_compare_of_an_unknown_revision_is_404(editor_client):
    draft = DraftFactory()
    url = f"/admin/questions/question/{draft.pk}/history/compare/"
    assert editor_client.get(url, {"from": "999999"}).status_code == 404
    assert editor_client.get(url, {"from": "nonsense"}).status_code == 404


def test_restore_brings_old_content_back_as_a_new_revision(editor_client):
    tag = TagFactory(name="kept")
    draft = DraftFactory(answer="original", tags=[tag])
    original = draft.history.latest("history_id")
    draft = Question.objects.get(pk=draft.pk)
    draft.answer = "vandalised"
    draft.save()
    draft.tags.clear()
    before = draft.history.count()
    confirm = editor_client.get(
        f"/admin/questions/question/{draft.pk}/history/{original.history_id}/restore/"
    )
    assert confirm.status_code == 200
    assert "vandalised" in confirm.content.decode()
    response = editor_client.post(
        f"/admin/questions/question/{draft.pk}/history/{original.history_id}/restore/"
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answer == "original"
    assert draft.answer_html == "<p>original</p>"
    assert [t.name for t in draft.tags.all()] == ["kept"]
    assert draft.history.count() == before + 1
    reason = draft.history.latest("history_id").history_change_reason
    assert reason.startswith(("Restored", "恢复"))


def test_restore_does_not_change_the_workflow_status(admin_client):
    question = DraftFactory(answer="draft text")
    old = question.history.latest("history_id")
    Question.objects.filter(pk=question.pk).update(status="published")
    admin_client.post(f"/admin/questions/question/{question.pk}/history/{old.history_id}/restore/")
    question.refresh_from_db()
    assert question.status == "published"


def test_source_edits_are_revisions_with_diff_and_restore(admin_client):
    source = SourceFactory(intro="Old intro")
    old = source.history.latest("history_id")
    source.intro = "New intro"
    source.save()
    assert source.history.count() == 2
    html = admin_client.get(
        f"/admin/questions/source/{source.pk}/history/compare/", {"from": old.history_id}
    ).content.decode()
    assert "<del>Old</del>" in html
    admin_client.post(f"/admin/questions/source/{source.pk}/history/{old.history_id}/restore/")
    assert Source.objects.get(pk=source.pk).intro == "Old intro"
    assert source.history.count() == 3


def test_diff_marks_characters_of_an_edited_line_and_whole_rewritten_lines():
    from questions.editorial.diffs import diff_html

    edited = diff_html("参数有数百万个。", "参数有数十亿个。")
    assert "<del>百万</del>" in edited
    assert "<ins>十亿</ins>" in edited
    rewritten = diff_html("completely different", "并无共同之处")
    assert "<del>completely different</del>" in rewritten
    assert "<ins>并无共同之处</ins>" in rewritten


def test_restore_refuses_a_slug_taken_since_and_says_why(admin_client):
    question = DraftFactory(title="Original title", slug="shared-slug")
    old = question.history.latest("history_id")
    question = Question.objects.get(pk=question.pk)
    question.slug = "renamed"
    question.save()
    DraftFactory(slug="shared-slug")
    response = admin_client.post(
        f"/admin/questions/question/{question.pk}/history/{old.history_id}/restore/", follow=True
    )
    assert response.status_code == 200
    assert "shared-slug" in response.content.decode()
    question.refresh_from_db()
    assert question.slug == "renamed"


def test_restore_leaves_out_tags_deleted_since(admin_client):
    gone, kept = TagFactory(name="gone"), TagFactory(name="kept")
    question = DraftFactory(tags=[gone, kept])
    old = question.history.latest("history_id")
    gone.delete()
    admin_client.post(f"/admin/questions/question/{question.pk}/history/{old.history_id}/restore/")
    assert [t.name for t in Question.objects.get(pk=question.pk).tags.all()] == ["kept"]


def test_add_tag_with_a_name_that_slugifies_like_another(editor_client):
    TagFactory(name="C++", slug="c")
    draft = DraftFactory()
    response = editor_client.post(
        CHANGELIST, {"action": "add_tag", "tag": "C#", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    assert [t.slug for t in Question.objects.get(pk=draft.pk).tags.all()] == ["c-2"]


@pytest.mark.parametrize("edits", [2, 30])
def test_history_page_runs_a_constant_number_of_queries(editor_client, django_assert_max_num_queries, edits):
    question = DraftFactory(tags=[TagFactory()])
    for i in range(edits):
        question.answer = f"edit {i}"
        question.difficulty = ["easy", "hard"][i % 2]
        question.save()
    history = f"/admin/questions/question/{question.pk}/history/"
    # Once first, so that the process's content-type cache is warm whichever
    # test ran before (its one query is not the page's).
    editor_client.get(history)
    # 10, and one each for the pending line, the review comments and the
    # header's queue counts (all queues in one query).
    with django_assert_max_num_queries(13):
        response = editor_client.get(history)
    assert response.status_code == 200
    assert "difficulty, answer" in response.content.decode()


def test_adding_a_tag_from_the_tags_side_records_the_questions_revision():
    question = DraftFactory()
    before = question.history.count()
    tag = TagFactory(name="from-the-tag")
    tag.questions.add(question)
    assert question.history.count() == before + 1
    latest = question.history.latest("history_id")
    assert [t.tag.name for t in latest.tags.all()] == ["from-the-tag"]
    tag.questions.clear()
    assert question.history.count() == before + 2


def test_removing_a_tag_from_the_tags_side_records_each_questions_revision():
    first, second = DraftFactory(), DraftFactory()
    tag = TagFactory(name="leaving")
    first.tags.add(tag)
    second.tags.add(tag)
    counts = [first.history.count(), second.history.count()]
    tag.questions.remove(first, second)
    assert [first.history.count(), second.history.count()] == [counts[0] + 1, counts[1] + 1]
    assert not first.history.latest("history_id").tags.exists()


def test_adding_a_tag_from_the_questions_side_records_a_revision():
    question = DraftFactory()
    before = question.history.count()
    question.tags.add(TagFactory(name="plain-add"))
    assert question.history.count() == before + 1


def test_the_admin_refuses_an_answer_over_the_length_limit(editor_client):
    from tests.admin_helpers import change_url, form_data

    draft = DraftFactory()
    response = editor_client.post(change_url(draft), form_data(draft, answer="长" * 15_001))
    assert response.status_code == 200
    assert "at most 15000 characters" in response.content.decode()
    assert Question.objects.get(pk=draft.pk).answer != "长" * 15_001
