"""Migration 0028 makes every public page cached before it unreachable: the
sitemap's pages were cut at 1,000 ids and are now cut at 500."""

from importlib import import_module

import pytest
from django.db import connection

from questions.models import ContentVersion
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_the_migration_moves_the_content_version_on():
    QuestionFactory()
    before, _changed_at = ContentVersion.current()
    migration = import_module("questions.migrations.0028_sitemap_pages_of_500").Migration
    [bump] = migration.operations
    with connection.cursor() as cursor:
        cursor.execute(bump.sql)
    assert ContentVersion.current()[0] == before + 1
