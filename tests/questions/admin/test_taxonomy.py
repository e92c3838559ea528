"""The category and tag admin pages."""

import pytest

from questions.models.base import MAX_MARKDOWN_LENGTH
from tests.factories import category

pytestmark = pytest.mark.django_db


def test_a_category_description_is_bounded_like_markdown(admin_client):
    concept = category("concept")
    url = f"/admin/questions/category/{concept.pk}/change/"
    data = {"slug": concept.slug, "name": concept.name, "ordering": concept.ordering}
    refused = admin_client.post(url, {**data, "description": "x" * (MAX_MARKDOWN_LENGTH + 1)})
    assert refused.status_code == 200
    assert "description" in refused.context["adminform"].form.errors
    concept.refresh_from_db()
    assert concept.description != "x" * (MAX_MARKDOWN_LENGTH + 1)
