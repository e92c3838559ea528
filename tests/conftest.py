import pytest
from django.core.management import call_command
from django.utils import translation

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


@pytest.fixture
def english():
    """Messages in English, whatever the catalogue says, so that assertions
    on their wording hold once translations are compiled."""
    with translation.override("en"):
        yield
