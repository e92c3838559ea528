import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from questions.models import Question
from tests.factories import QuestionFactory, category

pytestmark = pytest.mark.django_db


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_admin_change_page_has_the_markdownx_editor_for_staff(admin_client):
    question = QuestionFactory()
    response = admin_client.get(f"/admin/questions/question/{question.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="markdownx"' in html
    assert "markdownx-editor" in html
    assert "markdownx-preview" in html
    # Our editor script, not markdownx's (it never cancels a stale preview).
    assert "js/markdown-editor.js" in html
    assert "markdownx/js/markdownx" not in html
    assert "css/admin-pygments.css" in html


def test_admin_change_page_redirects_anonymous_to_login(client):
    question = QuestionFactory()
    response = client.get(f"/admin/questions/question/{question.pk}/change/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_creates_a_question_and_renders_its_markdown(admin_client, admin_user):
    response = admin_client.post(
        "/admin/questions/question/add/",
        {
            "title": "什么是注意力机制？",
            "slug": "",
            "category": category("concept").pk,
            "difficulty": "easy",
            "status": "draft",
            "body": "",
            "answer": "```python\nimport torch\n```",
            "explanation": "**because**",
            "editor_note": "",
            "source_position": "",
            "version": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(title="什么是注意力机制？")
    assert question.slug == "什么是注意力机制"
    assert question.author == admin_user
    assert '<span class="kn">import</span>' in question.answer_html
    assert question.explanation_html == "<p><strong>because</strong></p>"


def test_preview_renders_exactly_like_the_public_page(admin_client):
    question = QuestionFactory(answer="```python\nimport torch\n```\n\n<script>x</script>")
    response = admin_client.post("/markdownx/markdownify/", {"content": question.answer})
    assert response.status_code == 200
    assert response.content.decode() == question.answer_html
    assert "<script" not in question.answer_html


def test_markdown_preview_refuses_anonymous(client):
    assert client.post("/markdownx/markdownify/", {"content": "**x**"}).status_code == 403


def test_markdown_preview_refuses_non_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-123"))
    assert client.post("/markdownx/markdownify/", {"content": "**x**"}).status_code == 403


def test_markdown_preview_refuses_get(admin_client):
    assert admin_client.get("/markdownx/markdownify/").status_code == 405


def _upload(client, name, data, content_type):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        "/markdownx/upload/", {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )


def test_image_upload_refuses_anonymous(client):
    assert _upload(client, "x.png", _png(), "image/png").status_code == 403


def test_editor_endpoints_refuse_staff_without_a_role(staff_client):
    assert _upload(staff_client, "x.png", _png(), "image/png").status_code == 403
    assert staff_client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_image_upload_accepts_a_small_png_from_an_editor(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(editor_client, "x.png", _png(), "image/png")
    assert response.status_code == 200
    assert response.json()["image_code"].startswith("![](")
    stored = list(tmp_path.rglob("*.*"))
    assert [p.suffix for p in stored] == [".png"]


def test_image_upload_names_the_file_after_what_it_is_not_what_it_claims(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(editor_client, "photo.gif", _png(), "image/gif")
    assert response.status_code == 200
    assert [p.suffix for p in tmp_path.rglob("*.*")] == [".png"]


def test_image_upload_reencodes_and_drops_what_follows_the_image(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    polyglot = _png() + b"<script>alert(1)</script>"
    assert _upload(editor_client, "x.png", polyglot, "image/png").status_code == 200
    (stored,) = tmp_path.rglob("*.png")
    assert b"<script>" not in stored.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("x.svg", b"<svg onload='alert(1)'/>", "image/svg+xml"),
        ("x.svg", b"<svg><script>alert(1)</script></svg>", "image/gif"),
        ("x.html", b"<html><script>alert(1)</script></html>", "image/png"),
        ("x.gif", b"GIF89a<script>alert(1)</script>", "image/gif"),
        ("page.html", _png(), "image/png"),
    ],
)
def test_image_upload_refuses_anything_that_is_not_a_raster_image(
    editor_client, settings, tmp_path, name, data, content_type
):
    settings.MEDIA_ROOT = tmp_path
    assert _upload(editor_client, name, data, content_type).status_code == 400
    assert not any(tmp_path.rglob("*.*"))


def test_image_upload_refuses_oversized_files(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 1024
    response = _upload(editor_client, "x.png", _png((400, 400)), "image/png")
    assert response.status_code == 400
    assert not any(tmp_path.rglob("*.*"))


def test_preview_renders_formulas_and_invalid_tex_like_the_page(admin_client):
    question = QuestionFactory(
        answer="Loss: $-\\sum_i y_i \\log p_i$\n\n$$\\frac{a}$$\n\ncode `$x$`, $5 and $10"
    )
    response = admin_client.post("/markdownx/markdownify/", {"content": question.answer})
    assert response.status_code == 200
    assert response.content.decode() == question.answer_html
    assert '<math display="inline"' in question.answer_html
    assert '<code class="math-error">$$\\frac{a}$$</code>' in question.answer_html
    assert "<code>$x$</code>, $5 and $10" in question.answer_html
