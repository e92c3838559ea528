"""Crafted input to every admin form, action and custom admin view: form
errors or a 4xx, never a 500, and nothing written when a change is refused.

The admin pages are found through Django's public registry API
(`admin.site.is_registered` / `get_model_admin` over every installed model),
so a model registered later is covered without touching this test. Each
form is posted as the page would post it, with one field at a time replaced
by a handful of garbage values chosen by the field's type, by a superuser, a
publisher and an editor.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.tasks import send_password_reset
from jobs.models import Job
from practice.models import Card, ReviewLog
from questions.editorial.workflow import TRANSITIONS
from questions.models import ContentVersion, PendingRevision, Question, ReviewComment, Tag
from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, UserFactory
from tests.jobs_helpers import queued_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Breadth, not lines: the tests marked with it post hundreds of forms, actions
# and addresses through the validation paths the admin's own tests cover
# (the actions' missing inputs and malformed selections:
# tests/questions/editorial/test_revisions.py). Without the coverage tracer
# they cost half as much (they were a sixth of `make test`).
breadth_not_lines = pytest.mark.no_cover

NUL = "a\x00b"
HUGE_NUMBER = "9" * 30


def registered_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def garbage_for(field: forms.Field) -> list:
    """A handful of values the field must refuse, by its type, and NUL for
    every field (lists where one value is expected, for the fields that
    parse what they are given)."""
    if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return [NUL, "abc", ["1", "x"], "-1", HUGE_NUMBER, "1; DROP TABLE x"]
    if isinstance(field, forms.ChoiceField):
        return [NUL, "no-such-choice", ["x", "y"], HUGE_NUMBER]
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return [NUL, "abc", ["1", "x"], "1e999", "-" + HUGE_NUMBER, "NaN"]
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        return [NUL, "9999-99-99", ["x", "y"], "0000-00-00 25:61"]
    if isinstance(field, forms.CharField):
        return [NUL, "x" * ((field.max_length or 100_000) + 1)]
    return [NUL, ["x", "y"]]


def page_data(form) -> dict:
    """The POST data of an unchanged form, widget by widget, as a browser sends it."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        widget = getattr(field.widget, "widget", field.widget)  # the admin's related-field wrapper
        value = form[name].value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[key + suffix] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(widget, forms.SelectMultiple):
            data[key] = [str(item) for item in value or []]
        else:
            data[key] = "" if value is None else str(value)
    return data


def with_garbage(form, data: dict, name: str, value) -> dict:
    key = form.add_prefix(name)
    widget = getattr(form.fields[name].widget, "widget", form.fields[name].widget)
    if isinstance(widget, forms.MultiWidget):
        return {**data, **{key + suffix: value for suffix in widget.widgets_names}}
    return {**data, key: value}


def refused(response) -> bool:
    """Form errors on the page again, or a 4xx: never a 500, never saved."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code != 200:
        return False
    context = response.context
    form = context.get("adminform").form if context.get("adminform") else context.get("form")
    return form is not None and bool(form.errors)


@pytest.fixture
def posters(superuser, publisher, editor):
    """(user, client) of each posting role. Every role opens every form; the
    roles a form is shown to share its garbage values (each posts every n-th),
    so each value is posted once, which keeps the test to a minute."""
    pairs = []
    for user in (superuser, publisher, editor):
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        pairs.append((user, client))
    return pairs


@pytest.fixture
def rows(db):
    """An object of every model the admin shows, to open its change page."""
    learner = UserFactory(username="learner")
    seen = {
        "user_agent": "curl",
        "ip_address": "192.0.2.1",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    published = QuestionFactory(tags=[TagFactory(name="public")])
    card = Card.objects.create(user=learner, question=published, due=timezone.now())
    draft = DraftFactory(tags=[TagFactory(name="drafted")], source=SourceFactory(), source_position=1)
    return {
        "questions.question": [draft, published],
        "questions.source": [draft.source],
        "questions.category": [published.category],
        "questions.tag": [Tag.objects.get(name="public")],
        "accounts.user": [learner],
        "auth.group": [Group.objects.first()],
        "practice.card": [card],
        "practice.reviewlog": [
            ReviewLog.objects.create(user=learner, card=card, question=published, rating=3)
        ],
        "jobs.job": [Job.objects.create(kind=Job.Kind.EXPORT, title="Export", user=learner)],
        "procrastinate.procrastinatejob": [queued_job()],
        **{
            f"axes.{model._meta.model_name}": [model.objects.create(username="learner", **extra, **seen)]
            for model, extra in [
                (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 1}),
                (AccessLog, {}),
                (AccessFailureLog, {}),
            ]
        },
    }


def queued_job():
    send_password_reset.defer(
        email="learner@example.com", domain="qbank.example", use_https=True, language="en"
    )
    return queued_jobs()[-1]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _post_garbage_to_form(clients: list, url: str, accepted: list) -> int:
    """Post the page's form with each field spoilt in turn, each value by one
    of the clients the form is shown to (in turn), noting in `accepted` each
    value that was saved; the number of clients that could open the page."""
    shown, opened = [], 0
    for client in clients:
        page = client.get(url)
        opened += page.status_code == 200
        context = page.context if page.status_code == 200 else {}
        # Django's view-only change page says has_change_permission=False (the
        # pending-revision page, qbank's own, shows a form only to writers).
        view_only = not context.get("add") and context.get("has_change_permission") is False
        if context.get("adminform") and not view_only:
            shown.append((client, page))
        else:  # view-only or forbidden to this user: a post saves nothing
            assert client.post(url, {"title": "x"}).status_code in (200, 400, 403, 404, 405), url
    for number, (client, page) in enumerate(shown):
        # No editable admin page has inline formsets yet; one that does needs
        # its management form spoilt here too (missing, non-numeric, huge counts).
        assert not page.context.get("inline_admin_formsets"), url
        form = page.context["adminform"].form
        data = page_data(form)
        for name, field in form.fields.items():
            if field.disabled:
                continue
            for value in garbage_for(field)[number :: len(shown)]:
                response = client.post(url, with_garbage(form, data, name, value))
                if isinstance(value, list) and not isinstance(field, forms.MultipleChoiceField):
                    continue  # a list in a one-value field: the last value counts, never a 500
                if not refused(response):
                    accepted.append(f"{url}: {name}={value!r:.40} answered {response.status_code}")
    return opened


@breadth_not_lines
@pytest.mark.parametrize("label", [model._meta.label_lower for model in registered_models()])
def test_garbage_in_every_admin_form_is_refused_never_a_500(posters, rows, label):
    """One model's add and change forms (a test per model: together they are
    the suite's longest, and separately two workers share them)."""
    model = apps.get_model(label)
    assert label in rows, f"{label} is registered in the admin: give the test a row of it"
    clients = [client for _user, client in posters]
    accepted: list[str] = []
    may_add = admin.site.get_model_admin(model).has_add_permission(_request_by(posters[0][0]))
    pages = [(admin_url(model, "add"), may_add)]
    pages += [(admin_url(model, "change", obj.pk), True) for obj in rows[label]]
    for url, superuser_may_open in pages:
        opened = _post_garbage_to_form(clients, url, accepted)
        # Really shown, not refused at the door: the superuser opens every
        # page a superuser may (an add page some models refuse to everyone).
        assert opened > 0 or not superuser_may_open, url
    assert accepted == [], "\n".join(accepted)


def _request_by(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@breadth_not_lines
@pytest.mark.parametrize("poster", [0, 1, 2], ids=["superuser", "publisher", "editor"])
def test_garbage_object_ids_and_query_strings_never_answer_500(posters, poster, rows):
    client = posters[poster][1]
    for model in registered_models():
        for bad_id in ("abc", HUGE_NUMBER, "-1", "1.5"):
            for view in ("change", "history", "delete"):
                assert client.get(admin_url(model, view, bad_id)).status_code in (302, 403, 404)
        changelist = admin_url(model, "changelist")
        for query in ({"q": "x" * 10_000}, {"p": "abc"}, {"o": "abc.-x"}, {"e": "1"}, {"all": HUGE_NUMBER}):
            assert client.get(changelist, query).status_code in (200, 302, 403)
        assert client.get(changelist, {"q": NUL}).status_code == 400


def _post_action(client, action: str, selected, **inputs):
    data = {"action": action, "_selected_action": selected, "index": "0", **inputs}
    return client.post(admin_url(Question, "changelist"), data)


@breadth_not_lines
def test_garbage_in_every_admin_action_never_answers_500(posters, rows):
    draft, published = rows["questions.question"]
    model_admin = admin.site.get_model_admin(Question)
    inputs = {
        name: garbage_for(field)
        for name, field in model_admin.action_form().fields.items()
        if name != "action"
    }
    rounds = max(len(values) for values in inputs.values())
    for user, client in posters:
        names = [*model_admin.get_actions(_request_by(user)), "no_such_action"]
        assert len(names) > 4
        for name in names:
            for selected in (["abc"], [NUL], ["1.5", str(draft.pk)]):
                assert _post_action(client, name, selected).status_code == 400, (name, selected)
            assert _post_action(client, name, [HUGE_NUMBER]).status_code in (200, 302), name  # no such row
            # Every input beside the menu spoilt at once, a different value each round.
            for number in range(rounds):
                spoilt = {field: values[number % len(values)] for field, values in inputs.items()}
                response = _post_action(client, name, [draft.pk, published.pk], **spoilt)
                assert response.status_code in (200, 302, 400), (name, spoilt)


def _question_url(question, view: str, *args) -> str:
    return admin_url(Question, view, question.pk, *args)


def test_garbage_in_the_custom_admin_views_never_answers_500(posters, rows):
    """Import, pending revision, workflow transitions, comments, history
    compare and restore, preview: 4xx or the page with its message."""
    draft, published = rows["questions.question"]
    PendingRevision.from_live(published, posters[2][0]).save()
    comment = ReviewComment.objects.create(question=draft, author=posters[1][0], body="Look again.")
    record = draft.history.latest("history_id").history_id
    long_text = "x" * 20_000
    spoilt_upload = SimpleUploadedFile("article.md", b"**Question 1:** \x00\xff\xfe" * 100)
    requests = [
        ("get", admin_url(Question, "import"), {}),
        (
            "post",
            admin_url(Question, "import"),
            {"status": "no-such-status", "reason": long_text, "file": "text"},
        ),
        ("post", admin_url(Question, "import"), {"status": ["draft", "published"], "file": spoilt_upload}),
        ("post", admin_url(Question, "import"), {"payload": "not-signed"}),
        ("post", admin_url(Question, "import"), {"payload": long_text, "conflict:x": "neither"}),
        ("post", _question_url(published, "approve_pending"), {"version": "abc", "reason": "ok"}),
        ("post", _question_url(published, "approve_pending"), {"version": HUGE_NUMBER, "reason": long_text}),
        ("post", _question_url(published, "approve_pending"), {"version": ["1", "2"], "reason": ["a", "b"]}),
        ("post", _question_url(published, "discard_pending"), {"reason": long_text}),
        ("post", _question_url(draft, "add_comment"), {"comment-body": long_text, "comment-field": "nope"}),
        ("post", _question_url(draft, "add_comment"), {"comment-body": "x", "comment-field": ["body", "x"]}),
        ("post", _question_url(draft, "resolve_comment", HUGE_NUMBER), {}),
        ("post", _question_url(draft, "resolve_comment", comment.pk + 1000), {}),
        ("get", _question_url(draft, "compare"), {"from": "abc", "to": HUGE_NUMBER}),
        ("get", _question_url(draft, "compare"), {"from": "-1", "to": ["1", "x"]}),
        ("get", _question_url(draft, "restore", HUGE_NUMBER), {}),
        ("post", _question_url(draft, "restore", record), {"reason": long_text}),
        ("get", _question_url(draft, "preview"), {"pending": long_text}),
        ("get", _question_url(published, "preview"), {"pending": "1"}),
    ]
    for name in [*TRANSITIONS, "no-such-transition"]:
        garbage = {"version": "abc", "reason": long_text, "comment-body": long_text, "comment-field": "nope"}
        requests.append(("post", _question_url(draft, "transition", name), garbage))
        requests.append(("post", _question_url(published, "transition", name), {"version": HUGE_NUMBER}))
    for number, (method, url, data) in enumerate(requests):
        user, client = posters[number % len(posters)]
        spoilt_upload.seek(0)
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (user.username, method, url)
    assert not ReviewComment.objects.filter(body=long_text).exists()


def test_a_refused_bulk_add_tag_writes_nothing_not_even_the_tag(editor_client, rows):
    draft, published = rows["questions.question"]
    before = ContentVersion.current()[0]
    response = _post_action(editor_client, "add_tag", [published.pk], tag="brand-new")
    assert response.status_code == 302
    assert not Tag.objects.filter(name="brand-new").exists()
    assert list(published.tags.values_list("name", flat=True)) == ["public"]
    assert ContentVersion.current()[0] == before
    # With a draft in the selection the tag is created and goes on the draft only.
    _post_action(editor_client, "add_tag", [published.pk, draft.pk], tag="brand-new")
    assert set(Tag.objects.get(name="brand-new").questions.all()) == {draft}


def test_bulk_add_tag_never_creates_a_tag_for_someone_who_may_not(staff_client, rows, django_user_model):
    from django.contrib.auth.models import Permission

    draft, _published = rows["questions.question"]
    staff = django_user_model.objects.get(username="staff")
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_question", "change_question"]))
    _post_action(staff_client, "add_tag", [draft.pk], tag="uninvited")
    assert not Tag.objects.filter(name="uninvited").exists()
    assert not draft.tags.filter(name="uninvited").exists()
