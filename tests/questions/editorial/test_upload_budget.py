"""Animated and large uploads: frames × pixels are capped before anything
is decoded, every frame is shrunk to the documented 1,600×1,600, and no
metadata (GIF comments, EXIF with GPS, PNG text) survives re-encoding."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageSequence
from PIL.PngImagePlugin import PngInfo

from questions.editorial import views as editor_views

pytestmark = pytest.mark.django_db


def _animated_gif(size, frames: int, comment: bytes = b"") -> bytes:
    images = []
    for index in range(frames):
        image = Image.new("P", size, index % 2)
        image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(
        buffer, format="GIF", save_all=True, append_images=images[1:], comment=comment, duration=80, loop=0
    )
    return buffer.getvalue()


def _upload(client, name, data):
    upload = SimpleUploadedFile(name, data, content_type="image/gif")
    return client.post(
        "/markdownx/upload/", {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_too_many_frames_times_pixels_is_refused_before_decoding(editor_client, media, settings, monkeypatch):
    settings.MARKDOWNX_UPLOAD_MAX_PIXELS = 20 * 100 * 100 - 1
    decoded = []
    monkeypatch.setattr(editor_views, "reencoded", lambda image: decoded.append(image))
    response = _upload(editor_client, "x.gif", _animated_gif((100, 100), frames=20))
    assert response.status_code == 400
    assert "too many frames or pixels" in response.content.decode()
    assert decoded == []
    assert not any(media.rglob("*.*"))


def test_too_many_frames_is_refused(editor_client, media, settings):
    settings.MARKDOWNX_UPLOAD_MAX_FRAMES = 5
    assert _upload(editor_client, "x.gif", _animated_gif((8, 8), frames=6)).status_code == 400


def test_every_frame_of_an_animation_is_shrunk_to_the_size_cap(editor_client, media):
    response = _upload(editor_client, "x.gif", _animated_gif((2000, 1000), frames=3, comment=b"tracker-id"))
    assert response.status_code == 200
    (stored,) = media.rglob("*.gif")
    with Image.open(stored) as image:
        assert image.n_frames == 3
        sizes = {frame.size for frame in ImageSequence.Iterator(image)}
        assert "comment" not in image.info
    assert sizes == {(1600, 800)}
    assert b"tracker-id" not in stored.read_bytes()


def test_metadata_is_stripped_from_still_images(editor_client, media):
    info = PngInfo()
    info.add_text("Author", "secret-author-name")
    exif = Image.Exif()
    exif[0x010F] = "secret-camera-maker"
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG", pnginfo=info, exif=exif)
    assert _upload(editor_client, "x.png", buffer.getvalue()).status_code == 200
    (stored,) = media.rglob("*.png")
    data = stored.read_bytes()
    assert b"secret-author-name" not in data
    assert b"secret-camera-maker" not in data


def test_uploads_go_to_the_configured_storage_not_the_local_disk(editor_client, media, settings):
    """MEDIA_STORAGE_BACKEND (object storage for several app servers) is
    Django's default storage, and the upload view writes only through it."""
    from django.core.files.storage import default_storage, storages

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.InMemoryStorage",
            "OPTIONS": {"base_url": "https://media.example.com/"},
        },
    }
    try:
        response = _upload(editor_client, "x.gif", _animated_gif((8, 8), frames=1))
        assert response.status_code == 200
        code = response.json()["image_code"]
        assert code.startswith("![](https://media.example.com/markdownx/")
        name = code.removeprefix("![](https://media.example.com/").removesuffix(")")
        assert default_storage.exists(name)
        assert not any(media.rglob("*.*"))
    finally:
        storages._storages.pop("default", None)
