"""Images as uploads keep them: checked from the header before any pixel is
decoded (type, frames × pixels), then decoded and encoded again without
metadata. Shared by the editor's upload endpoint and the bank imports."""

from io import BytesIO

from django.conf import settings
from PIL import Image, ImageOps, ImageSequence

# Pillow's name for a format → the extension the stored file gets. The
# extension comes from what the bytes are, never from the uploaded name.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def frames_within_budget(image) -> bool:
    """Known from the header alone, before any pixel is decoded: an 80-frame
    GIF of 4000×4000 fits in 1 MB and would take minutes and gigabytes."""
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    return (
        frames <= settings.MARKDOWNX_UPLOAD_MAX_FRAMES
        and frames * width * height <= settings.MARKDOWNX_UPLOAD_MAX_PIXELS
    )


def _clean_frame(frame, image_format: str, animated: bool):
    """One frame, no larger than the configured size, without metadata.
    Frames of an animation are shrunk bilinearly and quantized with the fast
    octree: a third of the time of the defaults, so the pixel budget holds
    within ~2 s."""
    frame = frame.convert("RGBA" if image_format != "JPEG" else "RGB")
    if animated:
        frame.thumbnail(settings.MARKDOWNX_IMAGE_MAX_SIZE["size"], resample=Image.Resampling.BILINEAR)
        if image_format == "GIF":
            frame = frame.quantize(256, method=Image.Quantize.FASTOCTREE)
    else:
        frame.thumbnail(settings.MARKDOWNX_IMAGE_MAX_SIZE["size"])
    # EXIF (with GPS), ICC profiles, XMP, PNG text and GIF comments all ride
    # in `info`, which Pillow's writers copy into the new file.
    frame.info = {}
    return frame


def reencoded(image) -> tuple[bytes, str]:
    """The image decoded and encoded again, every frame at most the
    configured size: whatever else the file carried — a script, an HTML page,
    a comment, the camera's GPS position — is left behind."""
    image_format = image.format
    animated = getattr(image, "n_frames", 1) > 1
    frames: list[Image.Image] = []
    durations: list[int] = []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        if not frames:
            frame = ImageOps.exif_transpose(frame)
        frames.append(_clean_frame(frame, image_format, animated))
    first, rest = frames[0], frames[1:]
    options = {"save_all": True, "append_images": rest, "duration": durations, "loop": 0} if rest else {}
    output = BytesIO()
    first.save(output, format=image_format, **options)
    return output.getvalue(), IMAGE_FORMATS[image_format]
