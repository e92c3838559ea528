"""`make bench-duplicates`: how well the change form's near-duplicate check
judges (precision and recall on the labelled pairs of duplicate_pairs.py, at
the thresholds around the one in use, issue 21), then how fast it is at
100,000 questions, against issue 12's target (≤ 50 ms).

Creates a scratch database (dropped at the end unless --keep), migrates it,
scores the labelled pairs in it (duplicate_scores.py), then loads the synthetic bank of bench/corpus.py with COPY (triggers off), writes
the similarity keys in one statement and rebuilds their two trigram
indexes, then times `questions.quality.duplicates.near_duplicates()`
— both comparisons (title, prompt prefix), as the change form runs them —
for --sample questions spread over the bank: p50, p95 and max beside the
target, and how many near-duplicates were found.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/duplicates_bench.py
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402
from tests.bench.corpus import Corpus  # noqa: E402
from tests.bench.search_bench import _percentile  # noqa: E402

TARGET_MS = 50
TRIGRAM_INDEXES = {
    "questions_similarity_title_trgm": "USING gist (text gist_trgm_ops(siglen=512)) WHERE kind = 't'",
    "questions_similarity_prompt_trgm": "USING gin (text gin_trgm_ops) WHERE kind = 'p'",
}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000, help="questions in the bank (default 100,000)")
    parser.add_argument("--sample", type=int, default=200, help="questions checked (default 200)")
    harness.add_database_options(parser, "qbank_bench_duplicates")
    parser.add_argument("--pairs-only", action="store_true", help="only the labelled pairs (seconds)")
    args = parser.parse_args()

    with harness.scratch_databases(harness.server_url(), args.database, keep=args.keep) as (bench_url,):
        harness.use(bench_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(labelled_pairs_report(), flush=True)
        if args.pairs_only:
            return
        print()
        _load(Corpus(), args.size)
        print(_measure(args.size, args.sample))


def labelled_pairs_report() -> str:
    from questions.quality.duplicates import SIMILARITY_THRESHOLD
    from tests.bench.duplicate_scores import pair_scores, report

    return report(pair_scores(), SIMILARITY_THRESHOLD)


def _log(message):
    print(message, file=sys.stderr, flush=True)


def _load(corpus, size):
    from django.db import connection

    from questions.migrations.sql import similarity_0009
    from questions.models import Category

    categories = list(Category.objects.order_by("ordering").values_list("pk", flat=True))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name in TRIGRAM_INDEXES:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET session_replication_role = replica")  # no triggers: keys are written below
        columns = (
            "id, title, slug, category_id, difficulty, body, answer, explanation, editor_note, body_html, "
            "answer_html, explanation_html, editor_note_html, status, created_at, updated_at, version, "
            "quality_issues"
        )
        with cursor.cursor.copy(f"COPY questions_question ({columns}) FROM STDIN") as copy:
            for q in corpus.questions(1, size + 1):
                copy.write_row(
                    (
                        q["id"], q["title"], f"bench-{q['id']}", categories[q["category"]], q["difficulty"],
                        q["body"], q["answer"], q["explanation"], "", "", "", "", "", q["status"],
                        q["created_at"], q["created_at"], 1, [],
                    )
                )  # fmt: skip
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("SELECT setval(pg_get_serial_sequence('questions_question', 'id'), %s)", [size])
        _log(f"N={size:,}: generated and copied in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        cursor.execute(similarity_0009.REFRESH_ALL)
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for name, definition in TRIGRAM_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON questions_similarity_key {definition}")
        cursor.execute("VACUUM ANALYZE questions_question")
        cursor.execute("VACUUM ANALYZE questions_similarity_key")
        _log(f"N={size:,}: similarity keys and indexes built in {time.perf_counter() - started:.0f} s")


def _measure(size, sample):
    from questions.models import Question
    from questions.quality.duplicates import LIMIT, SIMILARITY_THRESHOLD, near_duplicates

    step = max(1, size // sample)
    pks = list(range(1, size + 1, step))[:sample]
    questions = list(Question.objects.filter(pk__in=pks).only("pk", "title", "body"))
    near_duplicates(questions[0])  # warm up
    timings, found = [], []
    for question in questions:
        started = time.perf_counter()
        duplicates = near_duplicates(question)
        timings.append((time.perf_counter() - started) * 1000)
        found.append(len(duplicates))
    p50, p95, worst = statistics.median(timings), _percentile(timings, 95), max(timings)
    with_any = sum(1 for n in found if n)
    return "\n".join(
        [
            f"N = {size:,} questions; {len(questions)} checked (similarity ≥ {SIMILARITY_THRESHOLD}, "
            f"at most {LIMIT} each)",
            "",
            "| measure | ms | target |",
            "| --- | ---: | ---: |",
            f"| p50 | {p50:.1f} | ≤ {TARGET_MS} |",
            f"| p95 | {p95:.1f} | ≤ {TARGET_MS} |",
            f"| max | {worst:.1f} | |",
            "",
            f"- questions with a near-duplicate: {with_any} of {len(questions)} "
            f"({sum(found)} near-duplicates in all)",
            f"- p95 {p95:.1f} ms against the {TARGET_MS} ms target — {'met' if p95 <= TARGET_MS else 'NOT MET'}",
        ]
    )


if __name__ == "__main__":
    main()
