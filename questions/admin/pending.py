"""The change form of a published question: it edits the question's pending
revision (prefilled from it, or from the live text when there is none),
shows what approving it would change, and lets a publisher approve or
discard it. The public keeps the live text meanwhile (`questions.editorial.pending`)."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import get_content_type_for_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial import pending as pending_revisions
from ..editorial.workflow import available_transitions
from ..models import MAX_REASON_LENGTH, PendingRevision, Question, Tag
from .autocomplete import SafeAutocompleteSelectMultiple
from .comments import comments_context
from .editor import KeyPointsWidget, MarkdownEditorWidget, SolutionsWidget
from .forms import bound_lengths, reason_field
from .key_point_counts import typed_answer_counts
from .practice_queue import practice_signal_context
from .reports import reports_context


class PendingRevisionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = reason_field(required=False)

    class Meta:
        model = PendingRevision
        fields = [
            "title", "category", "difficulty", "tags", "body", "answer", "explanation", "editor_note", "key_points",
            "solutions",
        ]  # fmt: skip

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # The question admin's tag autocomplete (PendingRevision has no admin page of its own).
        self.fields["tags"].widget = SafeAutocompleteSelectMultiple(
            Question._meta.get_field("tags"), admin_site
        )
        self.fields["tags"].queryset = Tag.objects.all()
        for name in ("body", "answer", "explanation", "editor_note"):
            self.fields[name].widget = MarkdownEditorWidget()
        self.fields["key_points"].widget = KeyPointsWidget()
        self.fields["solutions"].widget = SolutionsWidget()
        # The live question's editor's note is bounded; its pending one was not.
        bound_lengths(self, "editor_note")


FIELDSETS = [
    (None, {"fields": ["reason", "title", "category", "difficulty", "tags", "version", "base_version"]}),
    (
        gettext_lazy("Content"),
        {"fields": ["body", "answer", "explanation", "editor_note", "key_points", "solutions"]},
    ),
]


class PendingRevisionAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/pending/approve/",
                self.admin_site.admin_view(require_POST(self.approve_pending_view)),
                name="{}_{}_approve_pending".format(*info),
            ),
            path(
                "<path:object_id>/pending/discard/",
                self.admin_site.admin_view(require_POST(self.discard_pending_view)),
                name="{}_{}_discard_pending".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question is not None and question.status == Question.Status.PUBLISHED:
            pending = PendingRevision.objects.for_question(question)
            if pending is not None or policies.can_propose_revision(request.user, question):
                if not self.has_view_or_change_permission(request, question):
                    raise PermissionDenied
                return self.pending_revision_view(request, question, pending)
        return super().change_view(request, object_id, form_url, extra_context)

    def pending_revision_view(self, request, question, pending):
        may_write = policies.can_propose_revision(request.user, question)
        editing = pending or PendingRevision.from_live(question, request.user)
        initial = {"version": pending.version if pending else 0, "base_version": question.version}
        if not pending:
            initial["tags"] = list(question.tags.all())
        form = PendingRevisionForm(
            request.POST if request.method == "POST" and may_write else None,
            instance=editing,
            initial=initial,
            admin_site=self.admin_site,
        )
        if request.method == "POST":
            if not may_write:
                raise PermissionDenied
            if form.is_valid():
                saved = self._save_pending(request, question, form)
                if saved:
                    return HttpResponseRedirect(request.path)
            # Validating put this editor's refused text on the form's instance
            # (the stored pending revision): what approving changes, and the
            # version an approval confirms, are the stored row's.
            pending = PendingRevision.objects.for_question(question)
        adminform = helpers.AdminForm(form, FIELDSETS, {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            **comments_context(request, question),
            **reports_context(request, question),
            "opts": self.opts,
            "original": question,
            "content_type_id": get_content_type_for_model(question).pk,
            "title": _("Pending revision of “%s”") % question,
            "adminform": adminform,
            "may_write": may_write,
            "pending": pending,
            "changes": pending_revisions.changes_of(question, pending) if pending else [],
            "may_approve": pending is not None and policies.can_approve_revision(request.user, pending),
            "may_discard": pending is not None and policies.can_discard_revision(request.user, pending),
            "approve_form": ApproveForm(initial={"version": pending.version}) if pending else None,
            "transitions": available_transitions(question, request.user),
            "typed_answer_counts": typed_answer_counts(question),
            **practice_signal_context(question),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/questions/question/pending_revision.html", context)

    def _save_pending(self, request, question, form) -> bool:
        data = form.cleaned_data
        try:
            pending_revisions.save_pending(
                question.pk,
                request.user,
                {name: data[name] for name in PendingRevision.CONTENT_FIELDS},
                data["tags"],
                version=data["version"],
                base_version=data["base_version"],
                reason=data["reason"],
            )
        except pending_revisions.RevisionRefused as refusal:
            form.add_error(None, str(refusal))
            # Keep this editor's text; a second save is a deliberate choice
            # made after reading the message (the hidden versions move on).
            current = PendingRevision.objects.filter(question=question).values_list("version", flat=True)
            form.data = form.data.copy()
            form.data["version"] = next(iter(current), 0)
            form.data["base_version"] = Question.objects.get(pk=question.pk).version
            return False
        self.message_user(
            request,
            _("Saved as a pending revision: the public sees the live text until a publisher approves it."),
            messages.SUCCESS,
        )
        return True

    def _pending_step(self, request, object_id, step):
        question = self.get_object(request, object_id)
        if question is None or not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        try:
            message = step(question)
        except pending_revisions.RevisionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))

    def approve_pending_view(self, request, object_id):
        form = ApproveForm(request.POST)

        def step(question):
            if not form.is_valid():
                raise pending_revisions.RevisionRefused(_("Say why the revision is approved."))
            pending_revisions.approve(
                question.pk,
                request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
            return _("The pending revision of “%(title)s” is live.") % {"title": question.title}

        return self._pending_step(request, object_id, step)

    def discard_pending_view(self, request, object_id):
        reason = request.POST.get("reason", "")[:MAX_REASON_LENGTH]

        def step(question):
            pending_revisions.discard(question.pk, request.user, reason=reason)
            return _("The pending revision of “%(title)s” was discarded.") % {"title": question.title}

        return self._pending_step(request, object_id, step)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = reason_field(required=True)
