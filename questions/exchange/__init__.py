"""Moving questions in and out of the bank.

- `parser` (with `layout`): parse Q&A articles (Markdown) into plain data;
- `article_checks`: what an article must pass before anything of it is written;
- `articles`: save parsed articles (re-imports update in place);
- `bank_format` and `bank_json`: the lossless JSON format (what a file holds and how it is
  checked; export and bulk import);
- `markdown_export`, `anki`, `apkg`, `moodle`: the other export formats (`apkg`: a real Anki package);
- `foreign/`: Anki packages, Moodle XML and spreadsheets in, bounded (docs/importing.md);
- `progress`: a progress line for long runs.
"""
