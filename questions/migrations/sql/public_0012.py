"""The SQL that migration 0012_public_content_version runs, frozen.

Statement-level triggers (one run per INSERT/UPDATE/DELETE/COPY statement,
reading its rows from transition tables, so a bulk import of 1,000 rows
costs one run, not 1,000) that, whenever public content changes:

- bump the bank-wide content version (questions_content_version), the key
  of every cached public page;
- keep `questions_category.published_count` and `questions_tag.published_count`
  by adding and subtracting what the statement changed (never a recount of
  the bank, so a write costs the same at 100 questions and 1,000,000);
- bump `questions_category.published_version` for the categories whose
  questions changed (the key of a category's cached downloads).

"Public" means a question published before or after the statement, a link
between a tag and a published question, any change of a tag's name or
slug, of a category, or of a source. Drafts, reviews and pending edits move
nothing. `qbank_recount_published()` recounts from scratch (the migration
uses it; `tests/test_public_cache.py` checks it agrees with the triggers).

Never to be edited: a later change belongs in a new migration.
"""

INSTALL = [
    r"""
    CREATE OR REPLACE FUNCTION qbank_bump_content_version() RETURNS void
    LANGUAGE sql AS $fn$
        INSERT INTO questions_content_version (id, version, changed_at) VALUES (1, 1, clock_timestamp())
        ON CONFLICT (id) DO UPDATE
            SET version = questions_content_version.version + 1, changed_at = clock_timestamp()
    $fn$
    """,
    r"""
    CREATE OR REPLACE FUNCTION qbank_recount_published() RETURNS void
    LANGUAGE sql AS $fn$
        UPDATE questions_category c SET published_count = (
            SELECT count(*) FROM questions_question q WHERE q.category_id = c.id AND q.status = 'published');
        UPDATE questions_tag t SET published_count = (
            SELECT count(*) FROM questions_question_tags l JOIN questions_question q ON q.id = l.question_id
            WHERE l.tag_id = t.id AND q.status = 'published');
    $fn$
    """,
    # Questions: per category, +1 for each row published after the
    # statement, -1 for each one published before it (an edit of a published
    # question is both: no count moves, the version does).
    r"""
    CREATE OR REPLACE FUNCTION qbank_questions_changed() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    DECLARE
        ids bigint[];
        categories bigint[];
        deltas int[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(id), array_agg(category_id), array_agg(1) INTO ids, categories, deltas
            FROM new_rows WHERE status = 'published';
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(id), array_agg(category_id), array_agg(-1) INTO ids, categories, deltas
            FROM old_rows WHERE status = 'published';
        ELSE
            SELECT array_agg(id), array_agg(category_id), array_agg(delta) INTO ids, categories, deltas
            FROM (
                SELECT id, category_id, -1 AS delta FROM old_rows WHERE status = 'published'
                UNION ALL
                SELECT id, category_id, 1 FROM new_rows WHERE status = 'published'
            ) changed;
        END IF;
        IF ids IS NULL THEN
            RETURN NULL;
        END IF;
        UPDATE questions_category c
            SET published_count = c.published_count + d.n, published_version = c.published_version + 1
            FROM (
                SELECT category_id, sum(delta) AS n FROM unnest(categories, deltas) AS ch(category_id, delta)
                GROUP BY category_id
            ) d
            WHERE c.id = d.category_id;
        -- A question's tags count it while it is published (when inserted it
        -- has no tags yet; before deleting it Django unlinks them).
        UPDATE questions_tag t SET published_count = t.published_count + d.n
            FROM (
                SELECT l.tag_id, sum(ch.delta) AS n
                FROM unnest(ids, deltas) AS ch(question_id, delta)
                JOIN questions_question_tags l ON l.question_id = ch.question_id
                GROUP BY l.tag_id
            ) d
            WHERE t.id = d.tag_id AND d.n <> 0;
        PERFORM qbank_bump_content_version();
        RETURN NULL;
    END
    $fn$
    """,
    # Links between questions and tags: only those of published questions count.
    r"""
    CREATE OR REPLACE FUNCTION qbank_question_tags_changed() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    DECLARE
        question_ids bigint[];
        tag_ids bigint[];
        deltas int[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(question_id), array_agg(tag_id), array_agg(1) INTO question_ids, tag_ids, deltas
            FROM new_rows l WHERE EXISTS (
                SELECT 1 FROM questions_question q WHERE q.id = l.question_id AND q.status = 'published');
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(question_id), array_agg(tag_id), array_agg(-1) INTO question_ids, tag_ids, deltas
            FROM old_rows l WHERE EXISTS (
                SELECT 1 FROM questions_question q WHERE q.id = l.question_id AND q.status = 'published');
        ELSE
            SELECT array_agg(question_id), array_agg(tag_id), array_agg(delta) INTO question_ids, tag_ids, deltas
            FROM (
                SELECT question_id, tag_id, -1 AS delta FROM old_rows
                UNION ALL
                SELECT question_id, tag_id, 1 FROM new_rows
            ) l WHERE EXISTS (
                SELECT 1 FROM questions_question q WHERE q.id = l.question_id AND q.status = 'published');
        END IF;
        IF question_ids IS NULL THEN
            RETURN NULL;
        END IF;
        UPDATE questions_tag t SET published_count = t.published_count + d.n
            FROM (
                SELECT tag_id, sum(delta) AS n FROM unnest(tag_ids, deltas) AS ch(tag_id, delta)
                GROUP BY tag_id
            ) d
            WHERE t.id = d.tag_id AND d.n <> 0;
        UPDATE questions_category c SET published_version = c.published_version + 1
            WHERE c.id IN (SELECT q.category_id FROM questions_question q WHERE q.id = ANY(question_ids));
        PERFORM qbank_bump_content_version();
        RETURN NULL;
    END
    $fn$
    """,
    # A tag renamed (or its slug changed) or deleted changes every page that
    # shows it and every download that lists it.
    r"""
    CREATE OR REPLACE FUNCTION qbank_tags_changed() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        -- (new_rows exists only for an UPDATE: the test is in a branch of its own.)
        IF TG_OP = 'UPDATE' THEN
            IF NOT EXISTS (
                SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.name, o.slug) IS DISTINCT FROM (n.name, n.slug)
            ) THEN
                RETURN NULL;
            END IF;
        END IF;
        UPDATE questions_category SET published_version = published_version + 1;
        PERFORM qbank_bump_content_version();
        RETURN NULL;
    END
    $fn$
    """,
    # Categories: every public page lists them. The counters kept above are
    # not content: changing only them moves nothing.
    r"""
    CREATE OR REPLACE FUNCTION qbank_categories_changed() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF NOT EXISTS (
                SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.slug, o.name, o.description, o.ordering)
                    IS DISTINCT FROM (n.slug, n.name, n.description, n.ordering)
            ) THEN
                RETURN NULL;
            END IF;
        END IF;
        PERFORM qbank_bump_content_version();
        RETURN NULL;
    END
    $fn$
    """,
    # Sources: their text and title show beside their published questions
    # (an article with none is not public, but telling costs more than a bump).
    r"""
    CREATE OR REPLACE FUNCTION qbank_sources_changed() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
        UPDATE questions_category SET published_version = published_version + 1;
        PERFORM qbank_bump_content_version();
        RETURN NULL;
    END
    $fn$
    """,
]


def _triggers(table: str, function: str, events: tuple[str, ...]) -> list[str]:
    statements = []
    for event in events:
        transition = {
            "INSERT": "REFERENCING NEW TABLE AS new_rows",
            "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "REFERENCING OLD TABLE AS old_rows",
        }[event]
        name = f"{table}_public_{event.lower()}"
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return statements


ALL_EVENTS = ("INSERT", "UPDATE", "DELETE")

INSTALL += [
    *_triggers("questions_question", "qbank_questions_changed", ALL_EVENTS),
    *_triggers("questions_question_tags", "qbank_question_tags_changed", ALL_EVENTS),
    *_triggers("questions_tag", "qbank_tags_changed", ("UPDATE", "DELETE")),
    *_triggers("questions_category", "qbank_categories_changed", ALL_EVENTS),
    *_triggers("questions_source", "qbank_sources_changed", ("UPDATE", "DELETE")),
    "SELECT qbank_recount_published()",
    "SELECT qbank_bump_content_version()",
]

UNINSTALL = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_public_{event.lower()} ON {table}"
        for table in (
            "questions_question",
            "questions_question_tags",
            "questions_tag",
            "questions_category",
            "questions_source",
        )
        for event in ALL_EVENTS
    ),
    "DROP FUNCTION IF EXISTS qbank_questions_changed()",
    "DROP FUNCTION IF EXISTS qbank_question_tags_changed()",
    "DROP FUNCTION IF EXISTS qbank_tags_changed()",
    "DROP FUNCTION IF EXISTS qbank_categories_changed()",
    "DROP FUNCTION IF EXISTS qbank_sources_changed()",
    "DROP FUNCTION IF EXISTS qbank_recount_published()",
    "DROP FUNCTION IF EXISTS qbank_bump_content_version()",
]
