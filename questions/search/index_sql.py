"""The stored search documents: a table, SQL functions, a text-search
configuration and the triggers that keep the documents current.

The database computes the documents, not Python, so that every way of
writing a question keeps its document right without remembering to:
`save()` and the admin, `loaddata` (raw saves), `bulk_create` and
`QuerySet.update()` (the import branch's paths), raw SQL, adding or removing
tags, renaming a tag. All of them go through `qbank_refresh_search_documents`
(one set-based upsert), as does
`Question.objects.filter(...).refresh_search_documents()`, which rebuilds
documents after a bulk load with triggers off or a change to the functions.

Weights: title A, tags and body B, answer and explanation C. Each field
starts with a gap (see `tokens.GAP`), so a phrase never runs from the title
into the body. Each title is also indexed on its own, in a narrow table
(`questions_search_title`): a results page ranks every question whose title
matches before any that only mentions the words elsewhere, reading them
shortest title first: an index on the title's length lets a common word's
title matches stop at the page's cap instead of all being ranked.

A bulk write that refreshes the documents itself afterwards (the JSON
import: questions, then their tags, would otherwise compute each tagged
question's document twice) turns the triggers off for its transaction with
`SET LOCAL qbank.defer_search_documents = on` (`models.search.
search_documents_deferred()`).

Migration 0005 installed the first version of these statements, 0008 the
title table, 0010 the title length index, 0027 the current one (the title order index:
length, then the newer question), each frozen as literal SQL in questions/migrations/sql/. This
module is where a change to them is written, to be frozen into a new
migration; tests/test_search_index_sql.py says when the two have drifted
apart.
"""

from .tokens import INDEX_TEXT_PASSES, SEARCH_CONFIG

DOCUMENT_TABLE = "questions_search_document"
DOCUMENT_INDEX = "questions_search_document_vector"
TITLE_TABLE = "questions_search_title"
TITLE_INDEX = "questions_search_title_vector"
TITLE_ORDER_INDEX = "questions_search_title_order"
DEFER_SETTING = "qbank.defer_search_documents"


def _sql_literal(text: str) -> str:
    assert "'" not in text
    return f"'{text}'"


def _index_text_sql(argument: str) -> str:
    sql = f"coalesce({argument}, '')"
    for pattern, replacement in INDEX_TEXT_PASSES:
        sql = f"regexp_replace({sql}, {_sql_literal(pattern)}, {_sql_literal(replacement)}, 'g')"
    return sql


def install_statements(question_table: str, tag_table: str, link_table: str) -> list[str]:
    """DDL for the search table, functions and triggers; idempotent."""
    return [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
        # English stemming for ASCII words; CJK bigrams (and other non-ASCII
        # words) only lower-cased, which is all they need and cheaper.
        f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.english)",
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR word WITH simple",
        f"""
        CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} (
            question_id bigint PRIMARY KEY
                REFERENCES {question_table} (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            vector tsvector NOT NULL
        )
        """,
        # Uncompressed in the row (a tsvector hardly compresses): checking a
        # phrase or ranking a match then reads no TOAST table.
        f"ALTER TABLE {DOCUMENT_TABLE} ALTER COLUMN vector SET STORAGE MAIN",
        # Serves Question.objects.search(): `vector @@ to_tsquery(…)` on /search/?q=….
        f"CREATE INDEX IF NOT EXISTS {DOCUMENT_INDEX} ON {DOCUMENT_TABLE} USING gin (vector)",
        f"""
        CREATE TABLE IF NOT EXISTS {TITLE_TABLE} (
            question_id bigint PRIMARY KEY
                REFERENCES {question_table} (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            vector tsvector NOT NULL
        )
        """,
        # Serves QuestionQuerySet.ranked_pks(): every title match of a query
        # on /search/?q=…, ranked before the matches found only elsewhere.
        f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON {TITLE_TABLE} USING gin (vector)",
        # Serves QuestionQuerySet.ranked_pks() for a common word: the title
        # matches of `vector @@ to_tsquery(…)` shortest title first, then the
        # newer (`ORDER BY length(vector), question_id DESC LIMIT 20`), read in
        # this order until the page is full instead of ranking all 25,000 of
        # them, nor every title of the last length read (a query with `or`
        # ranks within a length: `ORDER BY length(vector), rank DESC, …`); a
        # rare word still goes through the GIN index.
        f"CREATE INDEX IF NOT EXISTS {TITLE_ORDER_INDEX} ON {TITLE_TABLE} (length(vector), question_id DESC)",
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
        f"""
        CREATE OR REPLACE FUNCTION qbank_search_documents_deferred() RETURNS boolean
        LANGUAGE sql STABLE AS $fn$
            SELECT coalesce(current_setting('{DEFER_SETTING}', true), '') = 'on'
        $fn$
        """,
        # The one place documents are written: every trigger below calls it.
        # (A data-modifying WITH runs to completion whether read or not.)
        f"""
        CREATE OR REPLACE FUNCTION qbank_refresh_search_documents(question_ids bigint[]) RETURNS bigint
        LANGUAGE sql AS $fn$
            WITH titles AS (
                INSERT INTO {TITLE_TABLE} (question_id, vector)
                SELECT q.id, to_tsvector('{SEARCH_CONFIG}', qbank_search_text(q.title))
                FROM {question_table} q
                WHERE q.id = ANY(question_ids)
                ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector
            ), written AS (
                INSERT INTO {DOCUMENT_TABLE} (question_id, vector)
                SELECT q.id, qbank_search_document(
                    q.title, qbank_question_tag_names(q.id), q.body, q.answer, q.explanation)
                FROM {question_table} q
                WHERE q.id = ANY(question_ids)
                ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector
                RETURNING 1
            )
            SELECT count(*) FROM written
        $fn$
        """,
        """
        CREATE OR REPLACE FUNCTION qbank_questions_inserted() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF qbank_search_documents_deferred() THEN
                RETURN NULL;
            END IF;
            PERFORM qbank_refresh_search_documents(ARRAY(SELECT id FROM new_questions));
            RETURN NULL;
        END
        $fn$
        """,
        """
        CREATE OR REPLACE FUNCTION qbank_question_text_changed() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF qbank_search_documents_deferred() THEN
                RETURN NULL;
            END IF;
            PERFORM qbank_refresh_search_documents(ARRAY[NEW.id]);
            RETURN NULL;
        END
        $fn$
        """,
        """
        CREATE OR REPLACE FUNCTION qbank_tag_links_changed() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF qbank_search_documents_deferred() THEN
                RETURN NULL;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM qbank_refresh_search_documents(ARRAY(SELECT DISTINCT question_id FROM new_links));
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                PERFORM qbank_refresh_search_documents(ARRAY(SELECT DISTINCT question_id FROM old_links));
            END IF;
            RETURN NULL;
        END
        $fn$
        """,
        f"""
        CREATE OR REPLACE FUNCTION qbank_tags_renamed() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM qbank_refresh_search_documents(ARRAY(
                SELECT DISTINCT link.question_id
                FROM new_tags JOIN old_tags USING (id) JOIN {link_table} link ON link.tag_id = new_tags.id
                WHERE new_tags.name IS DISTINCT FROM old_tags.name
            ));
            RETURN NULL;
        END
        $fn$
        """,
        *_drop_triggers(question_table, tag_table, link_table),
        # One statement-level call for a bulk insert (bulk_create, COPY).
        f"""
        CREATE TRIGGER questions_inserted AFTER INSERT ON {question_table}
        REFERENCING NEW TABLE AS new_questions
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_questions_inserted()
        """,
        f"""
        CREATE TRIGGER question_text_changed
        AFTER UPDATE OF title, body, answer, explanation ON {question_table}
        FOR EACH ROW EXECUTE FUNCTION qbank_question_text_changed()
        """,
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
        CREATE TRIGGER tags_renamed AFTER UPDATE ON {tag_table}
        REFERENCING OLD TABLE AS old_tags NEW TABLE AS new_tags
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tags_renamed()
        """,
    ]


def _drop_triggers(question_table: str, tag_table: str, link_table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS questions_inserted ON {question_table}",
        f"DROP TRIGGER IF EXISTS question_text_changed ON {question_table}",
        f"DROP TRIGGER IF EXISTS question_tags_inserted ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_tags_deleted ON {link_table}",
        f"DROP TRIGGER IF EXISTS question_tags_updated ON {link_table}",
        f"DROP TRIGGER IF EXISTS tags_renamed ON {tag_table}",
    ]


def uninstall_statements(question_table: str, tag_table: str, link_table: str) -> list[str]:
    return [
        *_drop_triggers(question_table, tag_table, link_table),
        "DROP FUNCTION IF EXISTS qbank_tags_renamed()",
        "DROP FUNCTION IF EXISTS qbank_tag_links_changed()",
        "DROP FUNCTION IF EXISTS qbank_question_text_changed()",
        "DROP FUNCTION IF EXISTS qbank_questions_inserted()",
        "DROP FUNCTION IF EXISTS qbank_refresh_search_documents(bigint[])",
        "DROP FUNCTION IF EXISTS qbank_search_documents_deferred()",
        "DROP FUNCTION IF EXISTS qbank_question_tag_names(bigint)",
        "DROP FUNCTION IF EXISTS qbank_search_document(text, text, text, text, text)",
        "DROP FUNCTION IF EXISTS qbank_search_text(text)",
        f"DROP TABLE IF EXISTS {TITLE_TABLE}",
        f"DROP TABLE IF EXISTS {DOCUMENT_TABLE}",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
    ]
