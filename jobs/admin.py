"""Jobs in the admin: staff see every job's status and progress; a job's
page refreshes itself while it runs (no script) and, once finished, lists
its problems and, for an export, the download link of whoever asked."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Job

# Seconds between refreshes of a running job's page.
REFRESH_SECONDS = 2


def may_download(user, job: Job) -> bool:
    return user.is_active and (job.user_id == user.pk or user.is_superuser)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "progress", "user", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["user"]
    list_per_page = 50
    search_fields = ["title"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.finished)

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, job):
        if not job.total:
            return "—"
        return format_html(
            '<progress max="{}" value="{}"></progress> {}/{}', job.total, job.done, job.done, job.total
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="jobs_job_download",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = self.get_object(request, unquote(object_id))  # None for an unknown or malformed id
        if job is None:
            raise Http404
        if job.status == Job.Status.SUCCEEDED and job.result_url and job.user_id == request.user.pk:
            # The page refreshing itself while the job ran lands on the result
            # (an import's preview, say) once there is one.
            return HttpResponseRedirect(job.result_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": job.title,
            "job": job,
            "refresh_seconds": None if job.finished else REFRESH_SECONDS,
            "may_download": job.download_available() and may_download(request.user, job),
            "result_expired": bool(job.result_file) and not job.download_available(),
        }
        return TemplateResponse(request, "admin/jobs/job/detail.html", context)

    def download_view(self, request, pk):
        job = get_object_or_404(Job, pk=pk)
        if not may_download(request.user, job):
            raise PermissionDenied
        if not job.result_file:
            raise Http404(_("This download has expired."))
        if not job.download_available(timezone.now()):
            job.result_file.delete(save=False)
            Job.objects.filter(pk=job.pk).update(result_file="")
            raise Http404(_("This download has expired."))
        response = FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=job.arguments.get("filename") or job.result_file.name.rsplit("/", 1)[-1],
        )
        response["Cache-Control"] = "private, no-store"
        return response
