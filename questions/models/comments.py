"""Review comments: what a reviewer says when returning a question, general
or anchored to one field. Resolving keeps the comment (with who resolved it
and when): the question's history lists every comment ever made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .question import Question
from .resolvable import Resolvable, ResolvableQuerySet

MAX_COMMENT_LENGTH = 2_000


class ReviewCommentQuerySet(ResolvableQuerySet):
    def for_display(self):
        return self.select_related("author", "resolved_by").order_by("created_at", "pk")


class ReviewComment(Resolvable):
    # The fields a comment may point at; "" is the question as a whole.
    FIELD_CHOICES = [
        ("", _("The question as a whole")),
        ("title", _("title")),
        ("category", _("category")),
        ("difficulty", _("difficulty")),
        ("tags", _("tags")),
        ("body", _("prompt")),
        ("answer", _("answer")),
        ("explanation", _("explanation")),
        ("editor_note", _("editor's note")),
    ]

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="review_comments"
    )
    field = models.CharField(_("about"), max_length=20, choices=FIELD_CHOICES, blank=True)
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes = [
            # The change form and the author's queue: a question's open comments.
            models.Index(
                fields=["question"], name="reviewcomment_open", condition=models.Q(resolved_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]
