"""The search SQL installed by migrations is frozen (a migration must never
change once applied); questions/search/index_sql.py is where the next
change is written. These tests say when the two drift apart: a change to
the tokenizer or the index SQL needs a new migration installing it."""

from questions.migrations.sql import search_0027
from questions.search import index_sql

TABLES = ("questions_question", "questions_tag", "questions_question_tags")


def test_the_live_index_sql_is_what_the_latest_migration_installed():
    assert index_sql.install_statements(*TABLES) == search_0027.INSTALL


def test_the_live_uninstall_sql_undoes_what_the_latest_migration_installed():
    assert index_sql.uninstall_statements(*TABLES) == search_0027.UNINSTALL
