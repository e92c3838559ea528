"""Endpoints behind the admin's Markdown editor (django-markdownx's widget
posts to them): the live preview and image uploads. Who may use them is the
rule book's (`policies.can_use_markdown_preview`, `policies.can_upload`):
people who write questions or sources; everyone else gets 403.
"""

from functools import wraps
from io import BytesIO
from uuid import uuid4

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps

from . import policies
from .markdown import render_markdown

# Pillow's name for a format → the extension the stored file gets. The
# extension comes from what the bytes are, never from the uploaded name.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


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
    return HttpResponse(render_markdown(request.POST.get("content", "")))


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
        return upload


def _reencoded(upload) -> tuple[bytes, str]:
    """The image decoded and encoded again (at most the configured size):
    whatever else the file carried — a script, an HTML page — is left behind."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        animated = getattr(image, "n_frames", 1) > 1
        if not animated:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(settings.MARKDOWNX_IMAGE_MAX_SIZE["size"])
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = BytesIO()
        image.save(output, format=image_format, save_all=animated)
    return output.getvalue(), IMAGE_FORMATS[image_format]


@require_POST
@allowed_by(policies.can_upload)
def image_upload(request):
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    data, extension = _reencoded(form.cleaned_data["image"])
    path = default_storage.save(f"{settings.MARKDOWNX_MEDIA_PATH}{uuid4()}.{extension}", ContentFile(data))
    return JsonResponse({"image_code": f"![]({default_storage.url(path)})"})
