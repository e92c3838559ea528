"""Full-text search that finds Chinese, Japanese and Korean substrings.

Postgres' text-search parser keeps a run of Han characters as one word, so
`to_tsvector('大模型是指…')` holds the single lexeme '大模型是指' and a search
for 模型 finds nothing. Here every CJK run is indexed as its overlapping
character bigrams, framed by its first and last character:

    大模型  →  大 大模 模型 型

and a query for a CJK string becomes the phrase of its bigrams
('大模' <-> '模型'). Two bigrams sit at neighbouring positions only inside one
run, so the phrase matches exactly the documents that contain the string: it
cannot continue across punctuation, a Latin word or a field boundary, where
the framing characters or a gap of stop words stand in between. Latin words
are left to Postgres' English stemmer (Transformers → transform).

The transformation is a few regular-expression passes (`INDEX_TEXT_PASSES`)
run by Python on queries and, identically, by the SQL function
`qbank_search_text()` on documents; `tests/test_search_tokenizer.py` checks
that both engines agree. The stored documents (`models.SearchDocument`) are
computed by the database (`qbank_search_document()`, called by triggers), so
they are current after every write: `save()`, the admin, `loaddata`,
`bulk_create`, `update()`, raw SQL, tag changes and tag renames.

Modules: `tokens` (the tokenizer), `query` (a user's query parsed once into
a `ParsedQuery`, and its tsquery), `ranking`, `index_sql` (the table,
functions and triggers), `snippets` (highlighted results), `page_sql` (a
results page's statements). The queryset
methods that search are in `questions.models.search`.
"""
