"""Review comments in the question admin: listed on the change form (open
ones, each anchored to its field or general), added by a reviewer — on their
own or when sending a question back — and resolved by whoever acts on them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import policies
from ..editorial import comments
from ..models import MAX_COMMENT_LENGTH, ReviewComment
from .access import QuestionAccessMixin


class CommentForm(forms.Form):
    field = forms.ChoiceField(
        label=gettext_lazy("About"), choices=ReviewComment.FIELD_CHOICES, required=False
    )
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def comments_context(request, question) -> dict:
    """What the change form shows of the review: open comments, the resolve
    buttons and the comment form, as the rule book allows."""
    open_comments = list(question.review_comments.open().for_display())
    for comment in open_comments:
        comment.question = question  # the rule asks about it: no query per comment
        comment.may_resolve = policies.can_resolve_comment(request.user, comment)
    return {
        "review_comments": open_comments,
        "may_comment": policies.can_comment(request.user, question),
        "comment_form": CommentForm(prefix="comment"),
    }


class ReviewCommentAdminMixin(QuestionAccessMixin):
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/comments/add/",
                self.admin_site.admin_view(require_POST(self.add_comment_view)),
                name="{}_{}_add_comment".format(*info),
            ),
            path(
                "<path:object_id>/comments/<int:comment_id>/resolve/",
                self.admin_site.admin_view(require_POST(self.resolve_comment_view)),
                name="{}_{}_resolve_comment".format(*info),
            ),
            *super().get_urls(),
        ]

    def add_comment_view(self, request, object_id):
        question = self._get_question_for_user(request, object_id)
        form = CommentForm(request.POST, prefix="comment")
        if not policies.can_comment(request.user, question):
            raise PermissionDenied
        if form.is_valid():
            comments.add_comment(
                question, request.user, form.cleaned_data["body"], form.cleaned_data["field"]
            )
            self.message_user(request, _("Comment added."), messages.SUCCESS)
        else:
            self.message_user(request, _("Write a comment of at most 2,000 characters."), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))

    def resolve_comment_view(self, request, object_id, comment_id):
        question = self._get_question_for_user(request, object_id)
        try:
            comments.resolve(comment_id, question, request.user)
        except ReviewComment.DoesNotExist:
            raise Http404 from None
        self.message_user(request, _("Comment resolved; it stays in the history."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:questions_question_change", args=[question.pk]))


def comment_from_post(request) -> tuple[str, str] | None:
    """The (field, text) of a comment sent with a transition, if any; raises
    ValidationError for one that is too long or about an unknown field."""
    form = CommentForm(request.POST, prefix="comment")
    if not request.POST.get("comment-body", "").strip():
        return None
    if not form.is_valid():
        raise ValidationError(_("Write a comment of at most 2,000 characters."))
    return form.cleaned_data["field"], form.cleaned_data["body"]


class OpenCommentsFilter(admin.SimpleListFilter):
    """The author's queue of returned work: questions with open review
    comments (all of them, or those the user wrote)."""

    title = gettext_lazy("review comments")
    parameter_name = "comments"

    def lookups(self, request, model_admin):
        return [
            ("open", gettext_lazy("Open comments")),
            ("mine", gettext_lazy("Open comments on my questions")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("open", "mine"):
            return queryset
        commented = ReviewComment.objects.open().values("question")
        queryset = queryset.filter(pk__in=commented)
        if self.value() == "mine":
            queryset = queryset.filter(author=request.user)
        return queryset
