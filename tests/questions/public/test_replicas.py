"""Public reads go to a read replica when there is one; everything else,
every write included, to the primary."""

import pytest
from django.utils.connection import ConnectionDoesNotExist

from questions.models import Question
from questions.public import replicas
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

router = replicas.PublicReadsRouter()


@pytest.fixture
def one_replica(monkeypatch):
    # An alias that exists in no settings: reaching it raises, which tells
    # which requests are routed to it.
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])


def test_without_replicas_everything_uses_the_primary():
    with replicas.public_reads():
        assert router.db_for_read(Question) == "default"
    assert router.db_for_read(Question) == "default"


def test_public_reads_go_to_a_replica_and_writes_to_the_primary(one_replica):
    with replicas.public_reads():
        assert router.db_for_read(Question) == "replica1"
        assert router.db_for_write(Question) == "default"
    assert router.db_for_read(Question) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "questions")
    assert not router.allow_migrate("replica1", "questions")


def test_an_anonymous_public_page_reads_from_the_replica(client, one_replica):
    question = QuestionFactory()
    with pytest.raises(ConnectionDoesNotExist, match="replica1"):
        client.get(question.get_absolute_url())


def test_signed_in_people_and_the_admin_read_from_the_primary(editor_client, one_replica):
    question = QuestionFactory()
    assert editor_client.get(question.get_absolute_url()).status_code == 200
    assert editor_client.get("/admin/questions/question/").status_code == 200


def test_replica_urls_become_mirrored_aliases(monkeypatch):
    import importlib

    from qbank import settings as qbank_settings

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/primary")
    monkeypatch.setenv(
        "DATABASE_REPLICA_URLS", "postgres://r1.example:5432/qbank, postgres://r2.example:5432/qbank"
    )
    try:
        reloaded = importlib.reload(qbank_settings)
        assert reloaded.DATABASES["replica1"]["HOST"] == "r1.example"
        assert reloaded.DATABASES["replica2"]["HOST"] == "r2.example"
        assert reloaded.DATABASES["replica1"]["TEST"] == {"MIRROR": "default"}
    finally:
        monkeypatch.undo()
        importlib.reload(qbank_settings)
