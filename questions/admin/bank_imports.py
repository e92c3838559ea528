"""One import page for every format: upload → preview (a job) → mapping →
import (a job). Anki packages, Moodle XML and spreadsheets are previewed
here; a JSON bank and an article go on to their own flows
(questions/admin/imports.py), so that each keeps its checks.

The preview page shows what the import would do, item by item, with near
duplicates and skipped items, and a mapping form: what each group (a deck,
a category path, a category column) becomes, which field of each note type
or column is which, and the default category. "Preview again" runs the
dry run with that mapping; "Import" runs the import with it.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jobs.models import Job

from .. import policies
from ..exchange.article_checks import check_article
from ..exchange.foreign.anki_read import ROLES as NOTE_ROLES
from ..exchange.foreign.problems import ImportProblems
from ..exchange.foreign.read import FORMATS, detect_format
from ..exchange.foreign.spreadsheet import ROLES as COLUMN_ROLES
from ..exchange.parser import ParseError, decode_article, parse_text
from ..exchange.preview import STATE_LABELS
from ..models import Category
from ..tasks.bank_imports import enqueue_foreign_import, enqueue_foreign_preview, upload_of
from ..tasks.imports import enqueue_article_preview, enqueue_bank_import
from .imports import STATUS_CHOICES, StatusUploadForm

# The mapping form offers this many groups; a file with more keeps tags for the rest.
MAX_MAPPED_GROUPS = 100
FORMAT_CHOICES = [("", gettext_lazy("Tell from the content")), *((f, f) for f in FORMATS)]


class AnyUploadForm(StatusUploadForm):
    max_upload_bytes = settings.IMPORT_MAX_FILE_BYTES

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "An Anki package (.apkg, .colpkg), Moodle XML, a spreadsheet (.csv, .xlsx) with a header row, "
            "a qbank JSON export or a Q&A article."
        ),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES, required=False)
    field_order = ["file", "format", "status", "reason"]


def _context(model_admin, request, title: str) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": title}


def import_any_view(model_admin, request):
    if not policies.can_import_articles(request.user):
        raise PermissionDenied
    form = AnyUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            format = form.cleaned_data["format"] or detect_format(data, upload.name)
            job, created = _enqueue(request, form, upload.name, format, data)
        except ImportProblems as error:
            form.add_error("file", "; ".join(error.lines(upload.name)))
        except ParseError as error:
            form.add_error("file", f"{upload.name}:{error.line}: {error.message}")
        else:
            if not created:
                messages.info(request, _("This file is already being checked: here is its progress."))
            return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))
    context = _context(model_admin, request, _("Import a bank"))
    context["form"] = form
    return TemplateResponse(request, "admin/questions/question/import_any.html", context)


def _enqueue(request, form, name: str, format: str, data: bytes):
    status, reason = form.cleaned_data["status"] or None, form.cleaned_data["reason"]
    if format == "json":
        if not policies.can_import_bank(request.user):
            raise ImportProblems([("", _("only superusers may import a JSON bank"))])
        return enqueue_bank_import(user=request.user, name=name, data=data)
    if format == "article":
        text = decode_article(data)
        categories = Category.objects.in_bulk(field_name="slug")
        for article in parse_text(text, origin=name):
            check_article(article, categories)
        return enqueue_article_preview(
            user=request.user, name=name, text=text, status=status, reason=reason, language=get_language()
        )
    return enqueue_foreign_preview(
        user=request.user, name=name, format=format, status=status, reason=reason, mapping={}, data=data
    )


class MappingForm(forms.Form):
    """What the preview's groups and layouts become; `mapping()` is the
    JSON the readers and `save_bank` take."""

    def __init__(self, *args, outcome: dict, **kwargs):
        super().__init__(*args, **kwargs)
        mapping = outcome.get("mapping") or {}
        categories = list(Category.objects.order_by("ordering", "slug"))
        self.fields["category"] = forms.ChoiceField(
            label=_("Category of the rest"),
            choices=[(c.slug, c.label) for c in categories],
            initial=mapping.get("category"),
        )
        group_choices = [
            ("tags", _("a tag")),
            ("ignore", _("nothing")),
            *((f"category:{c.slug}", _("the category %(label)s") % {"label": c.label}) for c in categories),
        ]
        self.groups = outcome.get("groups", [])[:MAX_MAPPED_GROUPS]
        for index, group in enumerate(self.groups):
            self.fields[f"group_{index}"] = forms.ChoiceField(
                label=group, choices=group_choices, initial=mapping.get("groups", {}).get(group, "tags")
            )
        self.layouts = list(outcome.get("layouts", {}).items())
        columns = outcome.get("format") in ("csv", "xlsx")
        chosen_columns = {role: header for header, role in mapping.get("columns", {}).items()}
        for index, (layout, names) in enumerate(self.layouts):
            choices = [("", "—"), *((name, name) for name in names)]
            chosen = chosen_columns if columns else mapping.get("fields", {}).get(layout, {})
            for role in COLUMN_ROLES if columns else NOTE_ROLES:
                self.fields[f"layout_{index}_{role}"] = forms.ChoiceField(
                    label=f"{layout}: {role.replace('_', ' ')}", choices=choices, required=False,
                    initial=chosen.get(role, ""),
                )  # fmt: skip
        self.columns = columns

    def mapping(self) -> dict:
        data = self.cleaned_data
        mapping = {
            "category": data["category"],
            "groups": {group: data[f"group_{index}"] for index, group in enumerate(self.groups)},
        }
        for index, (layout, _names) in enumerate(self.layouts):
            roles = COLUMN_ROLES if self.columns else NOTE_ROLES
            chosen = {
                role: data[f"layout_{index}_{role}"] for role in roles if data[f"layout_{index}_{role}"]
            }
            if self.columns:
                mapping["columns"] = {header: role for role, header in chosen.items()}
            elif chosen:
                mapping.setdefault("fields", {})[layout] = chosen
        return mapping


def import_any_preview_view(model_admin, request, job_id):
    job = get_object_or_404(Job, pk=job_id, kind=Job.Kind.FOREIGN_PREVIEW, status=Job.Status.SUCCEEDED)
    if job.user_id != request.user.pk or not policies.can_import_articles(request.user):
        raise PermissionDenied
    form = MappingForm(request.POST or None, outcome=job.outcome)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "import":
            new, created = enqueue_foreign_import(user=request.user, preview=job, mapping=form.mapping())
        else:
            new, created = enqueue_foreign_preview(
                user=request.user, name=job.arguments["name"], format=job.outcome["format"],
                status=job.arguments.get("status"), reason=job.arguments.get("reason", ""),
                mapping=form.mapping(), upload_job=upload_of(job),
            )  # fmt: skip
        if not created:
            messages.info(request, _("This was already submitted: here is its progress."))
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[new.pk]))
    context = _context(
        model_admin, request, _("Check the import of %(name)s") % {"name": job.arguments["name"]}
    )
    context.update(
        {
            "job": job,
            "outcome": job.outcome,
            "items": [
                {
                    "location": where,
                    "state": state,
                    "label": STATE_LABELS.get(state, state),
                    "title": title,
                    "category": category,
                }
                for where, state, title, category in job.outcome.get("items", [])
            ],
            "form": form,
            "status_label": dict(STATUS_CHOICES).get(job.arguments.get("status") or ""),
            "reason": job.arguments.get("reason", ""),
        }
    )
    return TemplateResponse(request, "admin/questions/question/import_any_preview.html", context)
