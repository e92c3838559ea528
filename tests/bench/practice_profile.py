"""A signed-in candidate's practice and question pages' CPU, in one process
(issue 22).

bench-http measures these pages under gunicorn at 100,000 questions,
which takes a quarter of an hour on a quiet machine. This is the quick loop
for working on it: a bank of --questions questions loaded as bench-http loads
it (tests/bench/http_bench.py's Loader) and candidate_pages.load()'s two
learners, in a scratch database (tests/bench/harness.py; --keep, then
--reuse, to load once). Each page — a due card (the candidate), the next new
card (the newcomer), a question's page (the candidate) — is requested through
Django's test client and its whole middleware stack with production's
settings, and timed by this process's CPU
(`time.process_time()`, not the wall clock: a shared machine's neighbours
slow the wall clock, not the CPU a request takes), with its queries' wall
time and count beside it: the median of --requests requests, best of
--rounds rounds.

--profile prints where the time goes (cProfile over the requests, the
functions with the most time of their own and of their callees); --explain
prints EXPLAIN ANALYZE of every query of one request of each page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python tests/bench/practice_profile.py --keep
    … --reuse --profile
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import candidate_pages, harness  # noqa: E402
from tests.bench.timing import timed_get  # noqa: E402

PAGES = ("practice page, a due card", "practice page, next new card", "question page, signed in")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=5_000, help="bank size (default 5,000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per round (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per page, the best kept (default 5)")
    parser.add_argument("--page", choices=PAGES, help="only this page (default: both)")
    parser.add_argument("--profile", action="store_true", help="print cProfile's figures per page")
    parser.add_argument(
        "--profile-dump",
        metavar="PATH",
        help="with --profile, also write PATH.0, PATH.1, … (pstats), one per page",
    )
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each query")
    harness.add_database_options(parser, "qbank_bench_practice_profile", reuse=True)
    args = parser.parse_args()
    with harness.scratch_databases(harness.server_url(), args.database, keep=args.keep, reuse=args.reuse) as (
        url,
    ):
        harness.use(url)
        if not args.reuse:
            _load(args.questions)
        pages = [args.page] if args.page else PAGES
        requests = {name: value for name, value in candidate_pages._requests().items() if name in pages}
        for name, (client, page) in requests.items():
            client.get(page)  # the session's first read, the templates' first compile
            cpu, sql, queries = _best_round(client, page, args.requests, args.rounds)
            print(f"{name}: {cpu:.2f} ms CPU in process, SQL {sql:.2f} ms wall, {queries} queries")
            if args.profile:
                dump = f"{args.profile_dump}.{PAGES.index(name)}" if args.profile_dump else None
                print(_profile(client, page, args.requests, dump))
            if args.explain:
                print(_explain(client, page))


def _load(size):
    from django.core.management import call_command

    from tests.bench.corpus import Corpus
    from tests.bench.http_bench import Loader

    call_command("migrate", verbosity=0)
    Loader(Corpus()).load(size)
    candidate_pages.load()


def _one(client, page, connection) -> tuple[float, float, int]:
    """(CPU ms, SQL ms, queries) of one request; the page must stay private."""
    cpu, sql, queries, response = timed_get(client, connection, page, clock=time.process_time)
    assert "public" not in response.get("Cache-Control", "")
    return cpu, sql, queries


def _best_round(client, page, requests, rounds) -> tuple[float, float, int]:
    """(CPU ms, SQL ms, queries): medians of the round with the lowest CPU median."""
    from django.db import connection

    best = None
    for _ in range(rounds):
        timings = [_one(client, page, connection) for _ in range(requests)]
        figures = (
            statistics.median(t[0] for t in timings),
            statistics.median(t[1] for t in timings),
            max(t[2] for t in timings),
        )
        if best is None or figures[0] < best[0]:
            best = figures
    return best


def _profile(client, page, requests, dump=None) -> str:
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for Postgres
    profiler.enable()
    for _ in range(requests):
        client.get(page)
    profiler.disable()
    if dump:
        profiler.dump_stats(dump)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    return out.getvalue()


def _explain(client, page) -> str:
    from django.db import connection

    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        client.get(page)
    lines = []
    with connection.cursor() as cursor:
        for sql, params in captured:
            lines.append(f"{sql} {params}")
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                lines.extend("    " + row[0] for row in cursor.fetchall())
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("CONN_MAX_AGE", "60")
    main()
