"""Endpoints behind the admin's Markdown editor: staff only."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.decorators.http import require_POST
from markdownx.views import ImageUploadView

from .markdown import render_markdown


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@staff_only
def markdown_preview(request):
    return HttpResponse(render_markdown(request.POST.get("content", "")))


image_upload = require_POST(staff_only(ImageUploadView.as_view()))
