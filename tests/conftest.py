import pytest
from django.core.management import call_command

from tests.factories import StaffFactory


@pytest.fixture
def staff_user(db):
    """Staff with no permissions of their own: may enter the admin, nothing more."""
    return StaffFactory(username="staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def seed(db):
    call_command("loaddata", "seed_article", verbosity=0)
