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
    assert "markdownx/js/markdownx.js" in html
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


def test_image_upload_refuses_anonymous(client):
    image = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    assert client.post("/markdownx/upload/", {"image": image}).status_code == 403


def test_image_upload_accepts_a_small_png_from_staff(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    response = admin_client.post(
        "/markdownx/upload/", {"image": image}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    assert response.json()["image_code"].startswith("![](")


def test_image_upload_refuses_svg(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    response = admin_client.post(
        "/markdownx/upload/", {"image": svg}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 400
    assert not any(tmp_path.rglob("*.svg"))


def test_image_upload_refuses_oversized_files(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("x.png", _png() + b"\0" * (3 * 1024 * 1024), content_type="image/png")
    response = admin_client.post(
        "/markdownx/upload/", {"image": big}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 400
