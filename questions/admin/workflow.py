"""The question admin's workflow parts: transition buttons on the change form,
the same transitions as bulk actions, bulk edits of metadata, and the staff
preview of a question exactly as the public page shows it."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial.revisions import one_revision
from ..editorial.workflow import TRANSITIONS, TransitionRefused, apply_transition
from ..editorial.workflow import available_transitions as transitions_for
from ..markdown.page_scripts import question_page_scripts
from ..models import MAX_REASON_LENGTH, EditConflict, PendingRevision, Question, Tag
from .access import QuestionAccessMixin
from .comments import comment_from_post, comments_context
from .reports import reports_context


def _transition_action(name):
    transition = TRANSITIONS[name]

    # Shown to whoever the rule book lets take it (has_transition_<name>_permission).
    @admin.action(description=transition.label, permissions=[f"transition_{name}"])
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        reason = _action_input(modeladmin, request, "reason") or ""
        for pk in queryset.values_list("pk", flat=True):
            try:
                apply_transition(pk, name, request.user, reason=reason)
                done += 1
            except TransitionRefused as refusal:
                refused.append(str(refusal))
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(action)s: %(count)d question.", "%(action)s: %(count)d questions.", done)
                % {"action": transition.label, "count": done},
                messages.SUCCESS,
            )
        for refusal in refused:
            modeladmin.message_user(request, refusal, messages.WARNING)

    action.__name__ = f"transition_{name}"
    return action


def _bulk_edit(modeladmin, request, queryset, change, describe, prepare=None):
    """Apply `change(question)` to each question the user may edit; each save
    is a revision and moves the version on, like an edit in the form.

    The rule book is asked about every question before anything is written,
    and the whole action is one transaction: when no question may be changed
    (or every one was saved by someone else meanwhile) nothing is written at
    all, not even what `prepare()` does first (the tag an "add tag" creates)."""
    why = _action_input(modeladmin, request, "reason")
    if why:
        describe = f"{describe}: {why}"[:MAX_REASON_LENGTH]
    questions = list(queryset.select_related(None))
    editable = [question for question in questions if policies.can_edit_question(request.user, question)]
    skipped = len(questions) - len(editable)
    done = 0
    with transaction.atomic():
        if editable and prepare is not None:
            prepare()
        for question in editable:
            try:
                with transaction.atomic(), one_revision(question):
                    change(question)
                    question._change_reason = describe
                    question.save()
            except EditConflict:
                modeladmin.message_user(
                    request,
                    _("“%(title)s” was saved by someone else meanwhile and was left as it is.")
                    % {"title": question.title},
                    messages.WARNING,
                )
                continue
            done += 1
        if not done:
            transaction.set_rollback(True)
    modeladmin.message_user(
        request,
        ngettext("%(change)s: %(count)d question.", "%(change)s: %(count)d questions.", done)
        % {"change": describe, "count": done},
        messages.SUCCESS if done else messages.WARNING,
    )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d question was skipped: only drafts can be edited.",
                "%(count)d questions were skipped: only drafts can be edited.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


def _action_input(modeladmin, request, name):
    """The cleaned value of an input beside the action menu, or None."""
    field = modeladmin.action_form.base_fields[name]
    try:
        return field.clean(request.POST.get(name, "")) or None
    except ValidationError:
        return None


@admin.action(description=gettext_lazy("Set category (choose it beside the menu)"), permissions=["change"])
def set_category(modeladmin, request, queryset):
    category = _action_input(modeladmin, request, "category")
    if category is None:
        modeladmin.message_user(request, _("Choose a category beside the action menu."), messages.ERROR)
        return

    def change(question):
        question.category = category

    _bulk_edit(modeladmin, request, queryset, change, _("Category set to %s") % category.label)


@admin.action(description=gettext_lazy("Set difficulty (choose it beside the menu)"), permissions=["change"])
def set_difficulty(modeladmin, request, queryset):
    difficulty = _action_input(modeladmin, request, "difficulty")
    if difficulty is None:
        modeladmin.message_user(request, _("Choose a difficulty beside the action menu."), messages.ERROR)
        return

    def change(question):
        question.difficulty = difficulty

    label = Question.Difficulty(difficulty).label
    _bulk_edit(modeladmin, request, queryset, change, _("Difficulty set to %s") % label)


def _tag_name(modeladmin, request) -> str | None:
    name = _action_input(modeladmin, request, "tag")
    if not name:
        modeladmin.message_user(request, _("Type a tag name beside the action menu."), messages.ERROR)
    return name


@admin.action(description=gettext_lazy("Add tag (type it beside the menu)"), permissions=["change"])
def add_tag(modeladmin, request, queryset):
    name = _tag_name(modeladmin, request)
    if not name:
        return
    found = Tag.objects.filter(name__iexact=name).first()
    if found is None and not policies.can_add_tag(request.user):
        modeladmin.message_user(
            request, _("There is no tag “%s”, and you may not create tags.") % name, messages.ERROR
        )
        return
    # A new tag is created by the action's transaction, only once a question
    # may take it: a refused action leaves no tag behind.
    tags = [found] if found else []

    def create_tag():
        if not tags:
            tags.append(Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})[0])

    _bulk_edit(
        modeladmin,
        request,
        queryset,
        lambda question: question.tags.add(tags[0]),
        _("Tag “%s” added") % (found.name if found else name),
        prepare=create_tag,
    )


@admin.action(description=gettext_lazy("Remove tag (type it beside the menu)"), permissions=["change"])
def remove_tag(modeladmin, request, queryset):
    name = _tag_name(modeladmin, request)
    tag = Tag.objects.filter(name__iexact=name).first() if name else None
    if name and tag is None:
        modeladmin.message_user(request, _("There is no tag “%s”.") % name, messages.ERROR)
    if tag:
        _bulk_edit(
            modeladmin, request, queryset, lambda q: q.tags.remove(tag), _("Tag “%s” removed") % tag.name
        )


class WorkflowAdminMixin(QuestionAccessMixin):
    actions = [
        *(_transition_action(name) for name in TRANSITIONS),
        set_category,
        set_difficulty,
        add_tag,
        remove_tag,
    ]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["transitions"] = transitions_for(obj, request.user)
            # Someone who can edit presses "save, then <transition>" so that
            # unsaved edits are neither lost nor skipped by the review.
            context["save_before_transition"] = self.has_change_permission(request, obj)
            context.update(comments_context(request, obj))
            context.update(reports_context(request, obj))
            # A revision written while the question was live, left behind by an
            # unpublish or archive: say so rather than let it linger unseen.
            stale = PendingRevision.objects.for_question(obj)
            context["stale_pending"] = stale
            context["may_discard_stale"] = stale is not None and policies.can_discard_revision(
                request.user, stale
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        name = request.POST.get("_transition")
        if name in TRANSITIONS:
            # The form's "why" was checked (required to submit) and saved with the edit.
            reason = request.POST.get("change_reason", "")
            self._take_transition(request, obj.pk, name, expected_version=obj.version, reason=reason)
            return HttpResponseRedirect(self._change_url(obj))
        return super().response_change(request, obj)

    def _take_transition(self, request, pk, name, expected_version, reason="", comment=None):
        try:
            question = apply_transition(
                pk, name, request.user, expected_version=expected_version, reason=reason, comment=comment
            )
        except TransitionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(title)s” is now %(status)s.")
                % {"title": question.title, "status": question.get_status_display().lower()},
                messages.SUCCESS,
            )

    @staticmethod
    def _change_url(question):
        return reverse("admin:questions_question_change", args=[question.pk])

    def transition_view(self, request, object_id, name):
        return require_POST(self._transition)(request, object_id, name)

    def _transition(self, request, object_id, name):
        if name not in TRANSITIONS:
            raise Http404
        question = self._get_question_for_user(request, object_id)
        version = request.POST.get("version", "")
        expected_version = int(version) if version.isdigit() else None
        try:
            comment = comment_from_post(request)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return HttpResponseRedirect(self._change_url(question))
        reason = request.POST.get("reason", "")
        self._take_transition(request, question.pk, name, expected_version, reason=reason, comment=comment)
        return HttpResponseRedirect(self._change_url(question))

    def preview_view(self, request, object_id):
        question = self._get_question_for_user(request, object_id)
        pending = (
            PendingRevision.objects.filter(question=question).first() if "pending" in request.GET else None
        )
        if pending is not None:
            _show_pending(question, pending)
        context = {
            "question": question,
            "preview": True,
            "preview_pending": pending is not None,
            "change_url": self._change_url(question),
            "page_scripts": question_page_scripts(question),
        }
        return context["page_scripts"].apply_policy(
            TemplateResponse(request, "questions/detail.html", context)
        )


def _show_pending(question, pending) -> None:
    """Dress the (unsaved) question in its pending revision, rendered, so that
    a publisher reads the page as approving would make it. Never saved."""
    for name in PendingRevision.CONTENT_FIELDS:
        setattr(question, name, getattr(pending, name))
    question.render()
    question._prefetched_objects_cache = {"tags": pending.tags.all()}


def _transition_permission(name):
    def has_permission(self, request):
        return policies.can_take_transition(request.user, None, name)

    has_permission.__name__ = f"has_transition_{name}_permission"
    return has_permission


# The admin asks `has_<permission>_permission(request)` for an action's
# `permissions`: one per transition, each answered by the rule book.
for _name in TRANSITIONS:
    setattr(WorkflowAdminMixin, f"has_transition_{_name}_permission", _transition_permission(_name))
