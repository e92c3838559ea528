"""The SQL that migration 0009_quality_checks ran, frozen (see
search_0005.py for why): the narrow table of titles and prompt beginnings
that near-duplicates are looked up in (questions/quality/duplicates.py).

Why a table of its own: a trigram match on a short, common title ("什么是模型？")
yields thousands of candidates to recheck. Rechecked in questions_question,
whose rows carry whole answers and their HTML (one or two rows a page),
that read thousands of pages (~400 ms at 100,000 questions); here a hundred
keys fit a page.
"""

# ruff: noqa: E501

PROMPT_PREFIX = 100

INSTALL = [
    r"""
        CREATE TABLE IF NOT EXISTS questions_similarity_key (
            question_id bigint NOT NULL
                REFERENCES questions_question (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            kind char(1) NOT NULL CHECK (kind IN ('t', 'p')),
            text text NOT NULL,
            PRIMARY KEY (question_id, kind)
        )
        """,
    # Near-duplicates by title: `text % title ORDER BY text <-> title LIMIT 5`
    # among the title keys. GiST, not GIN: it hands the nearest titles over
    # first and stops at the fifth, where GIN hands over every title that
    # shares a template ("How does … affect …?", one in eight of the
    # benchmark's) to be rechecked. Titles are short and often Chinese (a
    # trigram a character): 512-byte signatures keep them apart (at 100,000
    # questions, p50 16 ms against 54 ms with 64-byte ones).
    r"CREATE INDEX IF NOT EXISTS questions_similarity_title_trgm ON questions_similarity_key USING gist (text gist_trgm_ops(siglen=512)) WHERE kind = 't'",
    # Near-duplicates by prompt: `text % left(body, 100)` among the prompt
    # keys. GIN: measured faster than GiST on these longer texts.
    r"CREATE INDEX IF NOT EXISTS questions_similarity_prompt_trgm ON questions_similarity_key USING gin (text gin_trgm_ops) WHERE kind = 'p'",
    rf"""
        CREATE OR REPLACE FUNCTION qbank_write_similarity_keys() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            DELETE FROM questions_similarity_key WHERE question_id = NEW.id;
            INSERT INTO questions_similarity_key (question_id, kind, text) VALUES (NEW.id, 't', NEW.title);
            IF btrim(NEW.body) <> '' THEN
                INSERT INTO questions_similarity_key (question_id, kind, text)
                VALUES (NEW.id, 'p', left(NEW.body, {PROMPT_PREFIX}));
            END IF;
            RETURN NULL;
        END
        $fn$
        """,
    r"DROP TRIGGER IF EXISTS similarity_keys_inserted ON questions_question",
    r"DROP TRIGGER IF EXISTS similarity_keys_changed ON questions_question",
    r"""
        CREATE TRIGGER similarity_keys_inserted AFTER INSERT ON questions_question
        FOR EACH ROW EXECUTE FUNCTION qbank_write_similarity_keys()
        """,
    r"""
        CREATE TRIGGER similarity_keys_changed AFTER UPDATE OF title, body ON questions_question
        FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body)
        EXECUTE FUNCTION qbank_write_similarity_keys()
        """,
]

# Every question's keys, set-based: after the migration, and after a bulk
# load with triggers off (the benchmark).
REFRESH_ALL = rf"""
    DELETE FROM questions_similarity_key;
    INSERT INTO questions_similarity_key (question_id, kind, text)
    SELECT id, 't', title FROM questions_question
    UNION ALL
    SELECT id, 'p', left(body, {PROMPT_PREFIX}) FROM questions_question WHERE btrim(body) <> '';
"""

UNINSTALL = [
    r"DROP TRIGGER IF EXISTS similarity_keys_inserted ON questions_question",
    r"DROP TRIGGER IF EXISTS similarity_keys_changed ON questions_question",
    r"DROP FUNCTION IF EXISTS qbank_write_similarity_keys()",
    r"DROP TABLE IF EXISTS questions_similarity_key",
]
