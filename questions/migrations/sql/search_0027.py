"""The SQL that migration 0027_search_title_order ran, frozen.

Generated once from `questions/search/index_sql.py` as it stood when 0027 was
written (tables questions_question, questions_tag, questions_question_tags)
and never to be edited: a migration must do tomorrow exactly what it did the
day it was written. A later change to the search functions belongs in a new
migration.

0027 replaces 0010's title length index (questions_search_title_length) by
one on the title's length and then the question, newest first
(questions_search_title_order): a common word's first title matches are then
read in the page's order and the read stops at the page, where the length
index had to read every title of the last length it reached (~10,000 rows
for 大模型 at 100,000 questions) to rank them. Functions and triggers are
0010's, unchanged.
"""

# ruff: noqa: E501

INSTALL = [
    r"DROP TEXT SEARCH CONFIGURATION IF EXISTS qbank_search",
    r"CREATE TEXT SEARCH CONFIGURATION qbank_search (COPY = pg_catalog.english)",
    r"ALTER TEXT SEARCH CONFIGURATION qbank_search ALTER MAPPING FOR word WITH simple",
    r"""
        CREATE TABLE IF NOT EXISTS questions_search_document (
            question_id bigint PRIMARY KEY
                REFERENCES questions_question (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            vector tsvector NOT NULL
        )
        """,
    r"ALTER TABLE questions_search_document ALTER COLUMN vector SET STORAGE MAIN",
    r"CREATE INDEX IF NOT EXISTS questions_search_document_vector ON questions_search_document USING gin (vector)",
    r"""
        CREATE TABLE IF NOT EXISTS questions_search_title (
            question_id bigint PRIMARY KEY
                REFERENCES questions_question (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            vector tsvector NOT NULL
        )
        """,
    r"CREATE INDEX IF NOT EXISTS questions_search_title_vector ON questions_search_title USING gin (vector)",
    r"CREATE INDEX IF NOT EXISTS questions_search_title_order ON questions_search_title (length(vector), question_id DESC)",
    r"""
        CREATE OR REPLACE FUNCTION qbank_search_text(raw text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
            SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(coalesce(raw, ''), '[\n\r!?;\u3002\uff01\uff1f\uff1b\uff0e\uff61\u2028\u2029]|\.([ \t\n\r\f\v]|\Z)', ' the the the ', 'g'), '[\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf\u00d7\u00f7\u1680\u2000-\u2bff\u2e00-\u2e7f\u3000-\u3004\u3006\u3008-\u303f\u30fb\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\ufff0-\uffff\U0001f000-\U0001faff]+', ' ', 'g'), '([\u3005\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\U00020000-\U0003134f]+)', ' \1 ', 'g'), '([\u3005\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\U00020000-\U0003134f])', '\1 \1', 'g')
        $fn$
        """,
    r"""
        CREATE OR REPLACE FUNCTION qbank_search_document(
            title text, tags text, body text, answer text, explanation text
        ) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
            SELECT setweight(to_tsvector('qbank_search', qbank_search_text(title)), 'A')
                || setweight(to_tsvector('qbank_search', qbank_search_text(
                       E'\n' || coalesce(tags, '') || E'\n' || coalesce(body, ''))), 'B')
                || setweight(to_tsvector('qbank_search', qbank_search_text(
                       E'\n' || coalesce(answer, '') || E'\n' || coalesce(explanation, ''))), 'C')
        $fn$
        """,
    r"""
        CREATE OR REPLACE FUNCTION qbank_question_tag_names(question_id bigint) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
            SELECT string_agg(tag.name, E'\n' ORDER BY tag.name)
            FROM questions_question_tags link JOIN questions_tag tag ON tag.id = link.tag_id
            WHERE link.question_id = $1
        $fn$
        """,
    r"""
        CREATE OR REPLACE FUNCTION qbank_search_documents_deferred() RETURNS boolean
        LANGUAGE sql STABLE AS $fn$
            SELECT coalesce(current_setting('qbank.defer_search_documents', true), '') = 'on'
        $fn$
        """,
    r"""
        CREATE OR REPLACE FUNCTION qbank_refresh_search_documents(question_ids bigint[]) RETURNS bigint
        LANGUAGE sql AS $fn$
            WITH titles AS (
                INSERT INTO questions_search_title (question_id, vector)
                SELECT q.id, to_tsvector('qbank_search', qbank_search_text(q.title))
                FROM questions_question q
                WHERE q.id = ANY(question_ids)
                ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector
            ), written AS (
                INSERT INTO questions_search_document (question_id, vector)
                SELECT q.id, qbank_search_document(
                    q.title, qbank_question_tag_names(q.id), q.body, q.answer, q.explanation)
                FROM questions_question q
                WHERE q.id = ANY(question_ids)
                ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector
                RETURNING 1
            )
            SELECT count(*) FROM written
        $fn$
        """,
    r"""
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
    r"""
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
    r"""
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
    r"""
        CREATE OR REPLACE FUNCTION qbank_tags_renamed() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM qbank_refresh_search_documents(ARRAY(
                SELECT DISTINCT link.question_id
                FROM new_tags JOIN old_tags USING (id) JOIN questions_question_tags link ON link.tag_id = new_tags.id
                WHERE new_tags.name IS DISTINCT FROM old_tags.name
            ));
            RETURN NULL;
        END
        $fn$
        """,
    r"DROP TRIGGER IF EXISTS questions_inserted ON questions_question",
    r"DROP TRIGGER IF EXISTS question_text_changed ON questions_question",
    r"DROP TRIGGER IF EXISTS question_tags_inserted ON questions_question_tags",
    r"DROP TRIGGER IF EXISTS question_tags_deleted ON questions_question_tags",
    r"DROP TRIGGER IF EXISTS question_tags_updated ON questions_question_tags",
    r"DROP TRIGGER IF EXISTS tags_renamed ON questions_tag",
    r"""
        CREATE TRIGGER questions_inserted AFTER INSERT ON questions_question
        REFERENCING NEW TABLE AS new_questions
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_questions_inserted()
        """,
    r"""
        CREATE TRIGGER question_text_changed
        AFTER UPDATE OF title, body, answer, explanation ON questions_question
        FOR EACH ROW EXECUTE FUNCTION qbank_question_text_changed()
        """,
    r"""
        CREATE TRIGGER question_tags_inserted AFTER INSERT ON questions_question_tags
        REFERENCING NEW TABLE AS new_links
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tag_links_changed()
        """,
    r"""
        CREATE TRIGGER question_tags_deleted AFTER DELETE ON questions_question_tags
        REFERENCING OLD TABLE AS old_links
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tag_links_changed()
        """,
    r"""
        CREATE TRIGGER question_tags_updated AFTER UPDATE ON questions_question_tags
        REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tag_links_changed()
        """,
    r"""
        CREATE TRIGGER tags_renamed AFTER UPDATE ON questions_tag
        REFERENCING OLD TABLE AS old_tags NEW TABLE AS new_tags
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_tags_renamed()
        """,
]

UNINSTALL = [
    r"DROP TRIGGER IF EXISTS questions_inserted ON questions_question",
    r"DROP TRIGGER IF EXISTS question_text_changed ON questions_question",
    r"DROP TRIGGER IF EXISTS question_tags_inserted ON questions_question_tags",
    r"DROP TRIGGER IF EXISTS question_tags_deleted ON questions_question_tags",
    r"DROP TRIGGER IF EXISTS question_tags_updated ON questions_question_tags",
    r"DROP TRIGGER IF EXISTS tags_renamed ON questions_tag",
    r"DROP FUNCTION IF EXISTS qbank_tags_renamed()",
    r"DROP FUNCTION IF EXISTS qbank_tag_links_changed()",
    r"DROP FUNCTION IF EXISTS qbank_question_text_changed()",
    r"DROP FUNCTION IF EXISTS qbank_questions_inserted()",
    r"DROP FUNCTION IF EXISTS qbank_refresh_search_documents(bigint[])",
    r"DROP FUNCTION IF EXISTS qbank_search_documents_deferred()",
    r"DROP FUNCTION IF EXISTS qbank_question_tag_names(bigint)",
    r"DROP FUNCTION IF EXISTS qbank_search_document(text, text, text, text, text)",
    r"DROP FUNCTION IF EXISTS qbank_search_text(text)",
    r"DROP TABLE IF EXISTS questions_search_title",
    r"DROP TABLE IF EXISTS questions_search_document",
    r"DROP TEXT SEARCH CONFIGURATION IF EXISTS qbank_search",
]

# Back to 0010: its tables, functions and triggers, with the length index
# instead of the order index (0010's INSTALL creates the length index).
DOWNGRADE_TO_0010 = [
    r"DROP INDEX IF EXISTS questions_search_title_order",
]

# 0010's index, which the order index replaces.
REPLACED_BY_0027 = [
    r"DROP INDEX IF EXISTS questions_search_title_length",
]
