"""Endpoints behind the admin's Markdown editor (django-markdownx's widget
posts to them): the live preview and image uploads. Who may use them is the
rule book's (`policies.can_use_markdown_preview`, `policies.can_upload`):
people who write questions or sources; everyone else gets 403.

An editor has one preview in flight at a time (`preview_lock`), and a
preview the render children cannot take at once is refused: either way 429
with Retry-After, which the editor's script (static/js/markdown-preview.js)
waits out, so a run of keystrokes never queues renders behind each other.
"""

import math
from functools import wraps
from uuid import uuid4

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from PIL import Image

from .. import policies
from ..keypoints.parse import KeyPointsError, parse_key_points
from ..markdown import MarkdownTooSlow, RendererBusy, render_many, render_markdown
from ..models import MAX_MARKDOWN_LENGTH, markdown_too_slow_message
from ..solutions.html import markdown_sources, solutions_markup
from ..solutions.parse import SolutionsError, parse_solutions
from .images import IMAGE_FORMATS, frames_within_budget, reencoded
from .preview_lock import preview_slot


def allowed_by(rule):
    """403 unless `rule(request.user)` (a function of `policies`) allows."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@require_POST
@allowed_by(policies.can_use_markdown_preview)
def markdown_preview(request):
    # The widget shows whatever comes back, errors included, in the preview pane.
    content = request.POST.get("content", "")
    if len(content) > MAX_MARKDOWN_LENGTH:
        message = _("Too long to preview: %(length)d characters; the limit is %(limit)d.") % {
            "length": len(content),
            "limit": MAX_MARKDOWN_LENGTH,
        }
        return _preview_error(message)
    return _rendered_preview(request, render_markdown, content)


def _rendered_preview(request, renderer, content) -> HttpResponse:
    """`renderer(content)` in the editor's one preview slot."""
    with preview_slot(request.user) as mine:
        if not mine:
            return _preview_busy(_("Another preview of yours is still rendering; this one was skipped."))
        try:
            return HttpResponse(renderer(content))
        except RendererBusy:
            return _preview_busy(_("The server is busy rendering; the preview will try again shortly."))
        except MarkdownTooSlow:
            return _preview_error(markdown_too_slow_message())


@require_POST
@allowed_by(policies.can_use_markdown_preview)
def key_points_preview(request):
    """The key points' live preview: the checklist candidates will see, or
    the line at fault. Parsing is bounded and quick: no render slot needed."""
    try:
        points = parse_key_points(request.POST.get("content", ""))
    except KeyPointsError as error:
        # A preview of text with a mistake, not a failed request: 200, so
        # the browser logs no error while the editor is still typing.
        return _preview_error(str(error), status=200)
    return render(request, "admin/questions/includes/key_points_preview.html", {"key_points": points})


@require_POST
@allowed_by(policies.can_use_markdown_preview)
def solutions_preview(request):
    """The solutions' live preview: their tabs as readers will see them, or
    the line at fault (a 200, like the key points'). Parsing is bounded and
    quick; the rendering takes the editor's preview slot like any Markdown."""
    content = request.POST.get("content", "")
    try:
        solutions = parse_solutions(content)
    except SolutionsError as error:
        return _preview_error(str(error), status=200)
    return _rendered_preview(
        request,
        lambda _content: solutions_markup(solutions, render_many(markdown_sources(solutions))),
        content,
    )


def _preview_error(message, status=400) -> HttpResponse:
    return HttpResponse(format_html('<p class="errornote">{}</p>', message), status=status)


def _preview_busy(message) -> HttpResponse:
    # About one render budget: by then the preview in the way has finished.
    response = _preview_error(message, status=429)
    response["Retry-After"] = str(math.ceil(settings.MARKDOWN_RENDER_TIMEOUT))
    return response


class ImageUploadForm(forms.Form):
    # Django's ImageField opens and verifies the file with Pillow.
    image = forms.ImageField()

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
            raise forms.ValidationError(
                _("The image is larger than %(size)d MB.")
                % {"size": settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)}
            )
        if upload.image.format not in IMAGE_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."))
        upload.seek(0)
        # Opening reads the header only; the pixels are decoded in reencoded().
        image = Image.open(upload)
        if not frames_within_budget(image):
            raise forms.ValidationError(
                _(
                    "The image has too many frames or pixels (at most %(frames)d frames and "
                    "%(megapixels)d megapixels in all)."
                )
                % {
                    "frames": settings.MARKDOWNX_UPLOAD_MAX_FRAMES,
                    "megapixels": settings.MARKDOWNX_UPLOAD_MAX_PIXELS // 1_000_000,
                }
            )
        return image


@require_POST
@allowed_by(policies.can_upload)
def image_upload(request):
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    with form.cleaned_data["image"] as image:
        data, extension = reencoded(image)
    path = default_storage.save(f"{settings.MARKDOWNX_MEDIA_PATH}{uuid4()}.{extension}", ContentFile(data))
    return JsonResponse({"image_code": f"![]({default_storage.url(path)})"})
