"""Forms of the question admin: the change form with its edit-conflict check,
and the extra inputs of the bulk actions."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..editorial.revisions import compare, snapshot
from ..editorial.workflow import REASON_REQUIRED
from ..models import MAX_REASON_LENGTH, Category, Question, Source, markdown_length
from .editor import KeyPointsWidget, SolutionsWidget


def reason_field(required: bool = False):
    """The "why" of a save, transition, restore or import, kept as the
    revision's change reason (django-simple-history's, 100 characters)."""
    return forms.CharField(
        label=_("Why"),
        max_length=MAX_REASON_LENGTH,
        required=required,
        help_text=_("A short note kept with the revision, shown in the history."),
        widget=forms.TextInput(attrs={"size": 60}),
    )


class VersionCheckedForm(forms.ModelForm):
    """A change form that refuses to save over an edit made since it was opened.

    The form carries the version it was opened at (a hidden field); the model
    must be `Versioned` and listed in `revisions.CONTENT_FIELDS`.
    """

    change_reason = reason_field()

    def clean(self):
        cleaned = super().clean()
        # "Save, then: submit for review" must say why before anything is saved.
        if self.data.get("_transition") in REASON_REQUIRED and not cleaned.get("change_reason"):
            self.add_error(
                "change_reason", _("Say why (a short note for the reviewer) before submitting for review.")
            )
        if self.instance.pk is not None:
            self._refuse_stale_edit(cleaned.get("version"))
        return cleaned

    def _refuse_stale_edit(self, base_version):
        model = type(self.instance)
        # Lock the row until the admin's transaction ends, so nobody can save
        # between this check and our own save.
        current_version = (
            model.objects.select_for_update().values_list("version", flat=True).get(pk=self.instance.pk)
        )
        if base_version == current_version:
            return
        # Re-display this editor's text with the current version: saving again
        # is then a deliberate choice made after seeing the other edit.
        data = self.data.copy()
        data[self.add_prefix("version")] = current_version
        self.data = data
        # The diff is computed when the page is rendered, after the admin's
        # transaction has ended: never while the row is locked.
        message = _lazy_conflict_message(model, self.instance.pk, base_version)
        raise ValidationError(message, code="edit_conflict")


def _conflict_message(model, pk, base_version) -> SafeString:
    current = model.objects.get(pk=pk)
    base = current.history.filter(version=base_version).order_by("-history_id").first()
    latest = current.history.select_related("history_user").order_by("-history_id").first()
    changes = compare(model, snapshot(model, base), snapshot(model, current)) if base else []
    return render_to_string(
        "admin/questions/includes/edit_conflict.html",
        {"changes": changes, "latest": latest, "current": current},
    )


_lazy_conflict_message = lazy(_conflict_message, SafeString)


class QuestionAdminForm(VersionCheckedForm):
    class Meta:
        model = Question
        fields = [
            "change_reason", "title", "slug", "category", "difficulty", "tags", "version", "body", "answer",
            "explanation", "editor_note", "key_points", "solutions", "source", "source_position", "author",
        ]  # fmt: skip
        widgets = {"version": forms.HiddenInput, "key_points": KeyPointsWidget, "solutions": SolutionsWidget}


def bound_lengths(form, *names) -> None:
    """The Markdown fields' limit on text fields the model leaves unbounded:
    every input is bounded, the internal notes too."""
    for name in names:
        if name in form.fields:  # absent from a view-only form
            form.fields[name].validators.append(markdown_length)


class SourceAdminForm(VersionCheckedForm):
    url = forms.URLField(label=_("original URL"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_lengths(self, "notes")

    class Meta:
        model = Source
        fields = [
            "change_reason", "title", "slug", "language", "url", "intro", "conclusion", "appendix", "notes",
            "version",
        ]  # fmt: skip
        widgets = {"version": forms.HiddenInput}


class CategoryAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_lengths(self, "description")


class QuestionActionForm(ActionForm):
    """Inputs next to the admin's action menu, read by the bulk actions."""

    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, label=_("Category"), empty_label=_("category…")
    )
    difficulty = forms.ChoiceField(
        choices=[("", _("difficulty…")), *Question.Difficulty.choices], required=False, label=_("Difficulty")
    )
    reason = forms.CharField(
        required=False,
        max_length=MAX_REASON_LENGTH,
        label=_("Why"),
        widget=forms.TextInput(attrs={"placeholder": _("why (needed to submit)"), "size": 20}),
    )
    tag = forms.CharField(
        required=False,
        max_length=60,
        label=_("Tag"),
        widget=forms.TextInput(attrs={"placeholder": _("tag name"), "size": 12}),
    )
