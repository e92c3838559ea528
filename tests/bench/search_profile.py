"""CPU of a cold search results page and of `find()`, in process, with an
optional cProfile: the quick loop for work on issue 22.

Measures the bank a `make bench-search BENCH_ARGS="--sizes 20000 --keep
--database NAME"` run left (never one it did not make), per query: the
whole page (`GET /search/?q=…`, the cache cleared before each request, as a
reader's first search) and `find()` alone, each as CPU ms of this process +
its Postgres backend per run, and the capped ILIKE scan's wall p50
(bench-search's `LIMIT 1001`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python tests/bench/search_profile.py --database NAME [--profile page|find] [模型 …]
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402
from tests.bench.search_bench import RESULTS_CAP, _backend_cpu, _scan_sql  # noqa: E402

QUERIES = ("模型", "训练", "大模型", "注意力")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--database", required=True, help="a bank kept by bench-search's --keep")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", choices=("page", "find"), help="cProfile this for the first query")
    args = parser.parse_args()
    harness.use(harness.database_url(harness.server_url(), args.database))

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from questions.models import Question
    from questions.public.browse import BrowseForm, find
    from questions.search.query import parse_query

    client = Client(headers={"host": "127.0.0.1"})
    published = Question.objects.published()

    def page(text):
        cache.clear()
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, response.status_code

    def search(text):
        form = BrowseForm({"q": text}, categories=[], tags=[], sources=[])
        return find(published, form, page_number=1)

    if args.profile:
        run = page if args.profile == "page" else search
        text = args.queries[0]
        run(text)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            run(text)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return

    print("| query | page CPU ms (py + pg) | find CPU ms (py + pg) | find p50 ms | capped scan p50 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for text in args.queries:
        page_cpu = _cpu(lambda text=text: page(text), args.repeat, connection)[0]
        find_cpu, find_ms = _cpu(lambda text=text: search(text), args.repeat, connection)
        sql, params = _scan_sql(parse_query(text))
        with connection.cursor() as cursor:
            capped = []
            for _ in range(5):
                started = time.perf_counter()
                cursor.execute(f"{sql} LIMIT {RESULTS_CAP + 1}", params)
                cursor.fetchall()
                capped.append((time.perf_counter() - started) * 1000)
        print(f"| {text} | {page_cpu} | {find_cpu} | {find_ms:.1f} | {statistics.median(capped):.1f} |")


def _cpu(run, repeat, connection):
    """CPU ms per run, this process + its backend, and the wall p50."""
    run()  # warm up
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    python, postgres = time.process_time(), _backend_cpu(backend)
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        walls.append((time.perf_counter() - started) * 1000)
    python_ms = (time.process_time() - python) * 1000 / repeat
    postgres_ms = (_backend_cpu(backend) - postgres) * 1000 / repeat
    return f"{python_ms:.1f} + {postgres_ms:.1f}", statistics.median(walls)


if __name__ == "__main__":
    main()
