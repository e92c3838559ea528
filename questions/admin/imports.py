"""Import an article from the admin: upload → preview → confirm or cancel;
the confirmed import is a job (questions/tasks/imports.py), whose page shows
its progress and then its result. A JSON bank: upload → job.

The preview is a dry run of the real import (same parser, same checks, in a
transaction that is rolled back), shown side by side: the Markdown as parsed
and the HTML as it will render. The uploaded text travels to the
confirmation inside a signed hidden field; confirmed, it is stored with the
job, which parses and checks it again.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import policies
from ..exchange.articles import import_articles
from ..exchange.conflicts import KEEP, TAKE
from ..exchange.parser import ParseError, decode_article, parse_text
from ..markdown import MarkdownTooSlow, render_markdown
from ..models import Question, markdown_too_slow_message
from ..tasks.imports import enqueue_article_import, enqueue_bank_import
from .forms import reason_field

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SIGNING_SALT = "questions.admin_import"
# Long enough to read a preview, short enough that an old page cannot be replayed days later.
PREVIEW_MAX_AGE = 60 * 60
# The preview's radio buttons, one per question edited on the web since the last import.
CONFLICT_PREFIX = "conflict:"

STATUS_CHOICES = [
    ("", gettext_lazy("New questions as drafts; keep the status of existing ones")),
    *Question.Status.choices,
]


class ArticleUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Article"),
        help_text=gettext_lazy(
            "UTF-8 Markdown laid out like the seed article (**问题1：…**, **答案：**, **解析：**) "
            "or in English (**Question 1:**, **Answer:**, **Explanation:**)."
        ),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS_CHOICES, required=False)
    reason = reason_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policies.importable_statuses(user)
        self.fields["status"].choices = [(v, label) for v, label in STATUS_CHOICES if v in allowed]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


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
        status = form.cleaned_data["status"] or None
        reason = form.cleaned_data["reason"]
        try:
            text = decode_article(upload.read())
            reports = _import(text, upload.name, status, request.user, dry_run=True, reason=reason)
        except ParseError as error:
            error.origin = upload.name
            form.add_error("file", str(error))
        else:
            payload = signing.dumps(
                {"name": upload.name, "text": text, "status": status, "reason": reason},
                salt=SIGNING_SALT,
                compress=True,
            )
            context.update(
                title=_("Check the import of %(name)s") % {"name": upload.name},
                previews=[_preview(report) for report in reports],
                confirm_form=ConfirmForm(initial={"payload": payload}),
                name=upload.name,
                status_label=dict(STATUS_CHOICES).get(status or ""),
                reason=reason,
                keep=KEEP,
                take=TAKE,
            )
            return TemplateResponse(request, "admin/questions/question/import_preview.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/questions/question/import_article.html", context)


def _import(text: str, name: str, status, user, *, dry_run: bool, reason="", resolutions=None):
    # The importer asks the rule book (statuses, what may change) and raises
    # PermissionDenied: a forged status in the signed payload is a 403 too.
    # A question edited on the web since the last import keeps its web edit
    # unless the editor chose the file's text for it (a conflict that
    # appeared after the preview is therefore kept too).
    return import_articles(
        parse_text(text, origin=name),
        user=user,
        status=status,
        author=user,
        dry_run=dry_run,
        on_conflict=KEEP,
        resolutions=resolutions,
        reason=reason,
    )


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


STATE_LABELS = {
    "created": gettext_lazy("new"),
    "updated": gettext_lazy("changed"),
    "unchanged": gettext_lazy("unchanged"),
    "kept": gettext_lazy("edited on the web since the last import"),
}


def _rendered(text: str) -> str:
    try:
        return render_markdown(text)
    except MarkdownTooSlow:
        return format_html('<p class="errornote">{}</p>', markdown_too_slow_message())


def _preview(report) -> dict:
    """What the template shows for one article: its parts and questions,
    each Markdown beside its rendering."""
    article = report.article
    parts = [
        (label, text, _rendered(text))
        for label, text in (
            (_("Introduction"), article.intro),
            (_("Conclusion"), article.conclusion),
            (_("Appendix"), article.appendix),
        )
        if text
    ]
    questions = []
    conflicts = {key for key, _parsed, _question in report.conflicts}
    for parsed, state, question in report.items:
        key = report.key(parsed)
        fields = [
            (label, text, _rendered(text))
            for label, text in (
                (_("Prompt"), parsed.body),
                (_("Answer"), parsed.answer),
                (_("Explanation"), parsed.explanation),
                (_("Editor's note"), parsed.editor_note),
            )
            if text
        ]
        questions.append(
            {
                "position": parsed.position,
                "title": parsed.title,
                "line": parsed.line,
                "category": question.category.label,
                "category_inferred": parsed.category_inferred,
                "state": state,
                "state_label": STATE_LABELS[state],
                "fields": fields,
                "key": key,
                "field_name": f"{CONFLICT_PREFIX}{key}",
                "changes": report.changes.get(key, []),
                "conflict": key in conflicts,
            }
        )
    return {
        "title": report.title,
        "source_state": STATE_LABELS.get(report.source_state, ""),
        "parts": parts,
        "questions": questions,
        "warnings": report.warnings(),
        "counts": report.counts(),
    }
