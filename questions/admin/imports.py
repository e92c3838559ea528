"""Import an article from the admin: upload → preview → confirm or cancel.
The preview and the import are jobs (questions/tasks/imports.py): the
editor watches a job's page, which leads to the preview, and after the
confirmation to the import's result. A JSON bank: upload → a job.

The preview is a dry run of the real import (same parser, same checks, in a
transaction that is rolled back), shown side by side: the Markdown as parsed
and the HTML as it will render. The upload is parsed and checked in the
request (quick) so that a bad line is a form error at once. The text travels
to the confirmation inside a signed hidden field; confirmed, it is stored
with the import job, which parses and checks it again.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jobs.models import Job

from .. import policies
from ..exchange.article_checks import check_article
from ..exchange.conflicts import KEEP, TAKE
from ..exchange.parser import ParseError, decode_article, parse_text
from ..models import Category, Question
from ..tasks.imports import (
    PREVIEW_SIGNING_SALT,
    enqueue_article_import,
    enqueue_article_preview,
    enqueue_bank_import,
)
from .forms import reason_field

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SIGNING_SALT = PREVIEW_SIGNING_SALT
# Long enough to read a preview, short enough that an old page cannot be replayed days later.
PREVIEW_MAX_AGE = 60 * 60
# The preview's radio buttons, one per question edited on the web since the last import.
CONFLICT_PREFIX = "conflict:"

STATUS_CHOICES = [
    ("", gettext_lazy("New questions as drafts; keep the status of existing ones")),
    *Question.Status.choices,
]


class StatusUploadForm(forms.Form):
    """An upload with the status its new questions get (what the uploader
    may give them) and the reason recorded in their revisions."""

    max_upload_bytes = MAX_UPLOAD_BYTES

    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS_CHOICES, required=False)
    reason = reason_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policies.importable_statuses(user)
        self.fields["status"].choices = [(v, label) for v, label in STATUS_CHOICES if v in allowed]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_upload_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(self.max_upload_bytes)}
            )
        return upload


class ArticleUploadForm(StatusUploadForm):
    file = forms.FileField(
        label=gettext_lazy("Article"),
        help_text=gettext_lazy(
            "UTF-8 Markdown laid out like the seed article (**问题1：…**, **答案：**, **解析：**) "
            "or in English (**Question 1:**, **Answer:**, **Explanation:**)."
        ),
    )
    field_order = ["file", "status", "reason"]


class ConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


def import_article_view(model_admin, request):
    if not policies.can_import_articles(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import an article"),
    }
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(model_admin, request, context)
    form = ArticleUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # What is quick to find is said at once; the dry run, which
            # renders every text, is a job (questions/tasks/imports.py).
            text = decode_article(upload.read())
            categories = Category.objects.in_bulk(field_name="slug")
            for article in parse_text(text, origin=upload.name):
                check_article(article, categories)
        except ParseError as error:
            error.origin = upload.name
            form.add_error("file", str(error))
        else:
            job, created = enqueue_article_preview(
                user=request.user,
                name=upload.name,
                text=text,
                status=form.cleaned_data["status"] or None,
                reason=form.cleaned_data["reason"],
                language=get_language(),
            )
            if not created:
                messages.info(request, _("This file is already being checked: here is its progress."))
            return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))
    context["form"] = form
    return TemplateResponse(request, "admin/questions/question/import_article.html", context)


def import_preview_view(model_admin, request, job_id):
    """The finished preview job of this person: every question as it will
    appear, and the confirmation."""
    job = get_object_or_404(Job, pk=job_id, kind=Job.Kind.ARTICLE_PREVIEW, status=Job.Status.SUCCEEDED)
    if job.user_id != request.user.pk or not policies.can_import_articles(request.user):
        raise PermissionDenied
    status = job.arguments.get("status")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Check the import of %(name)s") % {"name": job.arguments["name"]},
        "previews": [_with_markup(preview) for preview in job.outcome["previews"]],
        "confirm_form": ConfirmForm(initial={"payload": job.outcome["payload"]}),
        "name": job.arguments["name"],
        "status_label": dict(STATUS_CHOICES).get(status or ""),
        "reason": job.arguments.get("reason", ""),
        "keep": KEEP,
        "take": TAKE,
    }
    return TemplateResponse(request, "admin/questions/question/import_preview.html", context)


def _with_markup(preview: dict) -> dict:
    """The preview as the job kept it (JSON), its diffs marked as the HTML
    they are (the renderer's output is marked by the template)."""
    for question in preview["questions"]:
        question["field_name"] = f"{CONFLICT_PREFIX}{question['key']}"
        for change in question["changes"]:
            change["diff"] = mark_safe(change["diff"]) if change["diff"] else None
    return preview


def _resolutions(post) -> dict[str, str]:
    """The editor's choice per conflicting question ("conflict:<key>")."""
    return {
        name.removeprefix(CONFLICT_PREFIX): value
        for name, value in post.items()
        if name.startswith(CONFLICT_PREFIX) and value in (KEEP, TAKE)
    }


def _confirm(model_admin, request, context):
    form = ConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        data = signing.loads(form.cleaned_data["payload"], salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        messages.error(request, _("The preview is more than an hour old; please upload the file again."))
        return HttpResponseRedirect(reverse("admin:questions_question_import"))
    except signing.BadSignature:
        messages.error(request, _("The import could not be confirmed; please upload the file again."))
        return HttpResponseRedirect(reverse("admin:questions_question_import"))
    # The import itself can take minutes (every text rendered within its
    # budget): a job does it, and the editor watches its page.
    job, created = enqueue_article_import(
        user=request.user,
        name=data["name"],
        text=data["text"],
        status=data["status"],
        reason=data.get("reason", ""),
        resolutions=_resolutions(request.POST),
    )
    if not created:
        messages.info(request, _("This import was already submitted: here is its progress."))
    return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))


class BankUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("JSON bank"),
        help_text=gettext_lazy("A file written by `manage.py export_bank --format json` or an export job."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BANK_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(settings.BANK_UPLOAD_MAX_BYTES)}
            )
        return upload


def import_bank_view(model_admin, request):
    """Upload a JSON bank; a job imports it in one transaction."""
    if not policies.can_import_bank(request.user):
        raise PermissionDenied
    form = BankUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job, created = enqueue_bank_import(user=request.user, name=upload.name, data=upload.read())
        if not created:
            messages.info(request, _("This import was already submitted: here is its progress."))
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import a JSON bank"),
        "form": form,
    }
    return TemplateResponse(request, "admin/questions/question/import_bank.html", context)
