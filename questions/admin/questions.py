"""Admin page of questions: the change form, the changelist with its
filters, and the import and workflow views it links to."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..editorial.revisions import record_revision
from ..models import PendingRevision, Question
from .autocomplete import SafeAutocompleteAdminMixin
from .bank_imports import import_any_preview_view, import_any_view
from .comments import OpenCommentsFilter, ReviewCommentAdminMixin
from .digest import DigestAdminMixin
from .editor import MarkdownEditorMixin
from .exports import EXPORT_ACTIONS
from .forms import QuestionActionForm, QuestionAdminForm
from .history import RevisionHistoryAdmin
from .imports import import_article_view, import_bank_view, import_preview_view
from .key_point_counts import typed_answer_counts
from .pending import PendingRevisionAdminMixin
from .practice_queue import PracticeSignalAdminMixin
from .quality import NeedsAttentionFilter, QualityAdminMixin
from .queues import QueueFilter
from .reports import ReportAdminMixin
from .verification import VerificationAdminMixin
from .workflow import WorkflowAdminMixin

# The built-in category of coding questions (migration 0002), whose form shows solutions open.
CODING_CATEGORY = "coding"


@admin.register(Question)
class QuestionAdmin(
    SafeAutocompleteAdminMixin,
    PendingRevisionAdminMixin,
    ReviewCommentAdminMixin,
    ReportAdminMixin,
    DigestAdminMixin,
    QualityAdminMixin,
    VerificationAdminMixin,
    PracticeSignalAdminMixin,
    WorkflowAdminMixin,
    MarkdownEditorMixin,
    RevisionHistoryAdmin,
):
    form = QuestionAdminForm
    action_form = QuestionActionForm
    actions = [*WorkflowAdminMixin.actions, *EXPORT_ACTIONS]
    list_display = ["title", "category", "difficulty", "status", "tag_list", "author", "source", "updated"]
    list_display_links = ["title"]
    list_filter = [
        QueueFilter,
        NeedsAttentionFilter,
        "status",
        "category",
        "difficulty",
        "tags",
        ("author", admin.RelatedOnlyFieldListFilter),
        "source",
        OpenCommentsFilter,
    ]
    list_select_related = ["category", "source", "author"]
    list_per_page = 50
    ordering = ["-updated_at"]
    search_fields = ["title", "body", "answer", "explanation"]
    # Not the author: the user autocomplete is for people who may view users,
    # which editors may not (see formfield_for_foreignkey).
    autocomplete_fields = ["tags", "source"]
    readonly_fields = [
        "status",
        "published_at",
        "submitted_by",
        "reviewed_by",
        "last_reviewed_at",
        "created_at",
        "updated_at",
        "typed_answers",
    ]
    fieldsets = [
        (None, {"fields": ["change_reason", "title", "slug", "category", "difficulty", "tags", "version"]}),
        (
            _("Content"),
            {"fields": ["body", "answer", "explanation", "editor_note", "key_points", "typed_answers"]},
        ),
        # Every question may hold solutions; coding questions and those that
        # hold some show them open (`get_fieldsets`), the others folded.
        (_("Solutions by language"), {"fields": ["solutions"], "classes": ["collapse"]}),
        (
            _("Workflow"),
            {"fields": ["status", "published_at", "submitted_by", "reviewed_by", "last_reviewed_at"]},
        ),
        (_("Provenance"), {"fields": ["source", "source_position", "author", "created_at", "updated_at"]}),
    ]

    class Media:
        # Declaring Media here replaces the editor mixin's: keep its files.
        css = {"all": [*MarkdownEditorMixin.Media.css["all"], "css/admin-changelist.css"]}
        js = MarkdownEditorMixin.Media.js

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and (obj.solutions or obj.category.slug == CODING_CATEGORY):
            fieldsets = [
                (name, {**options, "classes": []}) if "solutions" in options["fields"] else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        # No select_related here: the changelist adds list_select_related only
        # to a queryset that has none.
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, question):
        # The date alone: the full timestamp takes a column as wide as a title.
        return date_format(localtime(question.updated_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("Candidates' typed answers"))
    def typed_answers(self, question):
        return typed_answer_counts(question)

    @admin.display(description=_("tags"))
    def tag_list(self, question):
        return ", ".join(tag.name for tag in question.tags.all())

    def has_view_permission(self, request, obj=None):
        # Reading any question in the admin (preview, history, compare) is
        # seeing unpublished work: the rule book decides, as for the site.
        return policies.sees_unpublished_questions(request.user)

    def has_add_permission(self, request):
        return policies.can_add_question(request.user)

    def has_change_permission(self, request, obj=None):
        # A published question's change form edits its pending revision
        # (PendingRevisionAdminMixin), never the live row.
        if obj is not None and policies.can_propose_revision(request.user, obj):
            return True
        return policies.can_edit_question(request.user, obj)

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_article_view(self, request))
        bank = self.admin_site.admin_view(lambda request: import_bank_view(self, request))
        preview = self.admin_site.admin_view(
            lambda request, job_id: import_preview_view(self, request, job_id)
        )
        return [
            path("import/", view, name="questions_question_import"),
            path("import/preview/<int:job_id>/", preview, name="questions_question_import_preview"),
            path("import-bank/", bank, name="questions_question_import_bank"),
            path(
                "import-any/",
                self.admin_site.admin_view(lambda request: import_any_view(self, request)),
                name="questions_question_import_any",
            ),
            path(
                "import-any/preview/<int:job_id>/",
                self.admin_site.admin_view(
                    lambda request, job_id: import_any_preview_view(self, request, job_id)
                ),
                name="questions_question_import_any_preview",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import_bank": policies.can_import_bank(request.user)}
        return super().changelist_view(request, extra_context)

    def history_extra_context(self, request, obj) -> dict:
        # The pending line beside the live one, and the whole review.
        return {
            "pending_records": PendingRevision.history.filter(question_id=obj.pk)
            .select_related("history_user")
            .order_by("-history_id")[:50],
            # After an approval or a discard the records stay, the notice goes.
            "pending_is_open": PendingRevision.objects.filter(question_id=obj.pk).exists(),
            "all_review_comments": obj.review_comments.for_display(),
        }

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        # The revision is recorded in save_related, once the tags are saved too.
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance._history_user = request.user
        form.instance._change_reason = form.cleaned_data.get("change_reason") or None
        record_revision(form.instance, created=not change)
