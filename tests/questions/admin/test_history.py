"""The history page of a question in the admin."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("malformed", ["abc", "1.5", "-1x"])
def test_the_history_of_a_malformed_id_is_not_found(admin_client, malformed):
    assert admin_client.get(f"/admin/questions/question/{malformed}/history/").status_code == 404
