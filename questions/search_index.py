"""The stored search document: SQL functions, a text-search configuration and
the triggers that keep `questions_question.search_document` current.

The database computes the document, not Python, so that every way of writing
a question keeps it right without remembering to: `save()` and the admin,
`loaddata` (raw saves), `bulk_create` and `QuerySet.update()` (the import
branch's paths), raw SQL, adding or removing tags, renaming a tag. A trigger
fires whenever title, body, answer, explanation or the document itself is
written; tag links and tag names refresh the questions they touch, once per
statement. `Question.objects.filter(...).refresh_search_documents()` rebuilds
the documents of any set of rows in one UPDATE (after changing the functions
below, say).

Weights: title A, tags and body B, answer and explanation C. Each field
starts with a gap (see `search.GAP`), so a phrase never runs from the title
into the body.

Postgres only: on SQLite the column stays empty and search falls back to
substring matching (`search.containment_filter`).
"""

from .search import INDEX_TEXT_PASSES, SEARCH_CONFIG


def _sql_literal(text: str) -> str:
    assert "'" not in text
    return f"'{text}'"


def _index_text_sql(argument: str) -> str:
    sql = f"coalesce({argument}, '')"
    for pattern, replacement in INDEX_TEXT_PASSES:
        sql = f"regexp_replace({sql}, {_sql_literal(pattern)}, {_sql_literal(replacement)}, 'g')"
    return sql


def install_statements(question_table: str, tag_table: str, link_table: str) -> list[str]:
    """DDL for the search functions and triggers; idempotent."""
    return [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
        # English stemming for ASCII words; CJK bigrams (and other non-ASCII
        # words) only lower-cased, which is all they need and cheaper.
        f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.english)",
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR word WITH simple",
        f"""
        CREATE OR REPLACE FUNCTION qbank_search_text(raw text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
            SELECT {_index_text_sql("raw")}
        $fn$
        """,
        f"""
        CREATE OR REPLACE FUNCTION qbank_search_document(
            title text, tags text, body text, answer text, explanation text
        ) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
            SELECT setweight(to_tsvector('{SEARCH_CONFIG}', qbank_search_text(title)), 'A')
                || setweight(to_tsvector('{SEARCH_CONFIG}', qbank_search_text(
                       E'\\n' || coalesce(tags, '') || E'\\n' || coalesce(body, ''))), 'B')
                || setweight(to_tsvector('{SEARCH_CONFIG}', qbank_search_text(
                       E'\\n' || coalesce(answer, '') || E'\\n' || coalesce(explanation, ''))), 'C')
        $fn$
        """,
        f"""
        CREATE OR REPLACE FUNCTION qbank_question_tag_names(question_id bigint) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
            SELECT string_agg(tag.name, E'\\n' ORDER BY tag.name)
            FROM {link_table} link JOIN {tag_table} tag ON tag.id = link.tag_id
            WHERE link.question_id = $1
        $fn$
        """,
        """
        CREATE OR REPLACE FUNCTION qbank_question_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            NEW.search_document := qbank_search_document(
                NEW.title, qbank_question_tag_names(NEW.id), NEW.body, NEW.answer, NEW.explanation);
            RETURN NEW;
        END
        $fn$
        """,
        f"DROP TRIGGER IF EXISTS question_search_document ON {question_table}",
        f"""
        CREATE TRIGGER question_search_document
        BEFORE INSERT OR UPDATE OF title, body, answer, explanation, search_document ON {question_table}
        FOR EACH ROW EXECUTE FUNCTION qbank_question_search_document()
        """,
        # Writing NULL makes the trigger above recompute the document.
        f"""
        CREATE OR REPLACE FUNCTION qbank_tag_links_changed() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                UPDATE {question_table} SET search_document = NULL
                WHERE id IN (SELECT question_id FROM new_links);
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE {question_table} SET search_document = NULL
                WHERE id IN (SELECT question_id FROM old_links);
            END IF;
            RETURN NULL;
        END
        $fn$
        """,
        f"DROP TRIGGER IF EXISTS question_tags_inserted ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_tags_deleted ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_tags_updated ON {link_table}",
        f"""
        CREATE TRIGGER question_tags_inserted AFTER INSERT ON {link_table}
        REFERENCING NEW TABLE AS new_links
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tag_links_changed()
        """,
        f"""
        CREATE TRIGGER question_tags_deleted AFTER DELETE ON {link_table}
        REFERENCING OLD TABLE AS old_links
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tag_links_changed()
        """,
        f"""
        CREATE TRIGGER question_tags_updated AFTER UPDATE ON {link_table}
        REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tag_links_changed()
        """,
        f"""
        CREATE OR REPLACE FUNCTION qbank_tags_renamed() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            UPDATE {question_table} SET search_document = NULL
            WHERE id IN (
                SELECT link.question_id
                FROM new_tags JOIN old_tags USING (id) JOIN {link_table} link ON link.tag_id = new_tags.id
                WHERE new_tags.name IS DISTINCT FROM old_tags.name
            );
            RETURN NULL;
        END
        $fn$
        """,
        f"DROP TRIGGER IF EXISTS tags_renamed ON {tag_table}",
        f"""
        CREATE TRIGGER tags_renamed AFTER UPDATE ON {tag_table}
        REFERENCING OLD TABLE AS old_tags NEW TABLE AS new_tags
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tags_renamed()
        """,
    ]


def uninstall_statements(question_table: str, tag_table: str, link_table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS tags_renamed ON {tag_table}",
        f"DROP TRIGGER IF EXISTS question_tags_inserted ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_tags_deleted ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_tags_updated ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_search_document ON {question_table}",
        "DROP FUNCTION IF EXISTS qbank_tags_renamed()",
        "DROP FUNCTION IF EXISTS qbank_tag_links_changed()",
        "DROP FUNCTION IF EXISTS qbank_question_search_document()",
        "DROP FUNCTION IF EXISTS qbank_question_tag_names(bigint)",
        "DROP FUNCTION IF EXISTS qbank_search_document(text, text, text, text, text)",
        "DROP FUNCTION IF EXISTS qbank_search_text(text)",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
    ]


def _tables(apps):
    question = apps.get_model("questions", "Question")
    tag = apps.get_model("questions", "Tag")
    return question._meta.db_table, tag._meta.db_table, question.tags.through._meta.db_table


def install(apps, schema_editor):
    """Migration step: install the functions and triggers, then compute the
    document of every existing question."""
    if schema_editor.connection.vendor != "postgresql":
        return
    tables = _tables(apps)
    for statement in install_statements(*tables):
        schema_editor.execute(statement, params=None)
    schema_editor.execute(f"UPDATE {tables[0]} SET search_document = NULL", params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in uninstall_statements(*_tables(apps)):
        schema_editor.execute(statement, params=None)
