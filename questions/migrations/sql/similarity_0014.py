"""The SQL that migration 0014_similarity_keys_per_statement ran, frozen
(see search_0005.py for why): the similarity keys of inserted questions
(questions/quality/duplicates.py) written once per statement, from its
transition table, instead of once per row.

Why: a bulk import inserts 1,000 questions a statement. The row trigger of
0009 ran a DELETE and one or two INSERTs for each, ~170 ms per 1,000 rows on
the 2-core development machine, against ~50 ms for one set-based INSERT (the
trigram indexes' own cost, paid either way). Updates keep 0009's row trigger:
they come one at a time from the change form.
"""

# ruff: noqa: E501

from . import similarity_0009

PROMPT_PREFIX = similarity_0009.PROMPT_PREFIX

INSTALL = [
    rf"""
        CREATE OR REPLACE FUNCTION qbank_similarity_keys_inserted() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            -- New ids: no keys of theirs to delete first.
            INSERT INTO questions_similarity_key (question_id, kind, text)
            SELECT id, 't', title FROM new_questions
            UNION ALL
            SELECT id, 'p', left(body, {PROMPT_PREFIX}) FROM new_questions WHERE btrim(body) <> '';
            RETURN NULL;
        END
        $fn$
        """,
    r"DROP TRIGGER IF EXISTS similarity_keys_inserted ON questions_question",
    r"""
        CREATE TRIGGER similarity_keys_inserted AFTER INSERT ON questions_question
        REFERENCING NEW TABLE AS new_questions
        FOR EACH STATEMENT EXECUTE FUNCTION qbank_similarity_keys_inserted()
        """,
]

UNINSTALL = [
    r"DROP TRIGGER IF EXISTS similarity_keys_inserted ON questions_question",
    r"DROP FUNCTION IF EXISTS qbank_similarity_keys_inserted()",
    r"""
        CREATE TRIGGER similarity_keys_inserted AFTER INSERT ON questions_question
        FOR EACH ROW EXECUTE FUNCTION qbank_write_similarity_keys()
        """,
]
