"""CPU of a warm anonymous page, request by request, beside the trivial view.

bench-http's warm rows differ by tenths of a millisecond under gunicorn, too
little for wrk on a shared machine to tell apart. This calls Django's WSGI
application in process with an environ like the one gunicorn builds for
wrk's requests (no cookie, no Accept-Language), reads each body to its end,
and reports the process CPU time per request of each page, the trivial view
measured between every two pages (the machine's speed drifts). With
--profile PAGE it prints cProfile's heaviest functions for that page. With
--callgrind, run under callgrind, it counts each page's instructions per
request, which do not depend on what else the machine is doing:

    valgrind --tool=callgrind --instr-atstart=no .venv/bin/python \
        tests/bench/warm_profile.py --database qbank_wt_warm --reuse --keep --callgrind

The bank is bench-http's (its loader, its settings: DEBUG=0, local-memory
page cache), loaded once into a scratch database of its own and kept, so a
second run starts at once with --reuse:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python tests/bench/warm_profile.py --database qbank_wt_warm --size 3000 --keep
    ... --reuse --keep --profile "tag page"
"""

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote_to_bytes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402

WARM_PAGES = (
    "question",
    "category",
    "tag list",
    "tag page",
    "home",
    "search (one Chinese word)",
    "sitemap, last page of questions",
    "API detail",
)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=3000, help="questions in the bank")
    parser.add_argument("--requests", type=int, default=500, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=15, help="rounds (each page keeps its quickest)")
    harness.add_database_options(parser, "qbank_bench_warm", reuse=True)
    parser.add_argument("--profile", help="a page to profile instead of timing all of them")
    parser.add_argument("--callgrind", action="store_true", help="instructions per request (under callgrind)")
    parser.add_argument("--sort", default="tottime", help="cProfile's order (tottime, cumulative…)")
    args = parser.parse_args()
    if args.callgrind:
        # Counted about 50 times slower, a request would read the content
        # version every ~40 requests instead of every ~2,000: hold it.
        os.environ["CONTENT_VERSION_HOLD_SECONDS"] = "3600"
    scratch = Path(tempfile.mkdtemp(prefix="qbank-bench-warm-"))
    os.environ.update(
        BENCH_STATIC_ROOT=str(scratch / "static"), DOWNLOADS_CACHE_DIR=str(scratch / "downloads")
    )
    try:
        with harness.scratch_databases(
            harness.server_url(), args.database, keep=args.keep, reuse=args.reuse
        ) as (url,):
            harness.use(url, settings="tests.bench.http_settings")
            _prepare(args)
            _run(args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _prepare(args):
    from django.core.management import call_command

    from questions.models import Question

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not Question.objects.exists():
        from tests.bench.corpus import Corpus
        from tests.bench.http_bench import Loader

        Loader(Corpus()).load(args.size)


def environ(url: str) -> dict:
    """What gunicorn's sync worker hands Django for `wrk http://127.0.0.1:8000{url}`."""
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        # Decoded, as bytes in a latin-1 str (PEP 3333), as gunicorn does.
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "RAW_URI": url,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_SOFTWARE": "gunicorn/23.0.0",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "40000",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.errors": sys.stderr,
        "wsgi.file_wrapper": None,
    }


def serve(application, url: str, count: int) -> int:
    """`count` requests; the body size of the last."""
    template = environ(url)
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    size = 0
    for _ in range(count):
        result = application(dict(template, **{"wsgi.input": io.BytesIO(b"")}), start_response)
        size = sum(len(chunk) for chunk in result)
        result.close()
    assert set(statuses) <= {"200 OK"}, (url, set(statuses))
    return size


def _cpu_us(application, url: str, count: int) -> float:
    started = time.process_time()
    serve(application, url, count)
    return (time.process_time() - started) / count * 1e6


def _run(args):
    from django.core.wsgi import get_wsgi_application

    from tests.bench.http_bench import _pages

    application = get_wsgi_application()
    urls = {
        "trivial view": "/bench/ok",
        **{name: url for name, url in _pages().items() if name in WARM_PAGES},
    }
    sizes = {name: serve(application, url, 3) for name, url in urls.items()}  # warm every page
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(serve, application, urls[args.profile], args.requests)
        pstats.Stats(profile).sort_stats(args.sort).print_stats(45)
        return
    if args.callgrind:
        _instructions(application, urls, args.requests)
        return
    # Short rounds, each page right after the trivial view, each keeping its
    # quickest round: on a shared machine the slow rounds are the neighbours'.
    times = {name: [] for name in urls}
    trivial = []
    for _ in range(args.rounds):
        for name, url in urls.items():
            trivial.append(_cpu_us(application, "/bench/ok", args.requests))
            times[name].append(_cpu_us(application, url, args.requests))
    base = min(trivial)
    print(f"CPU µs per warm request, in process (quickest of {args.rounds} rounds of {args.requests}):")
    print(f"{'page':34} {'µs':>5} {'extra':>6} {'trivial/page':>12} {'median µs':>9} {'bytes':>7}")
    for name in urls:
        us = min(times[name])
        print(
            f"{name:34} {us:5.0f} {us - base:6.0f} {base / us:12.0%} "
            f"{statistics.median(times[name]):9.0f} {sizes[name]:7,}"
        )
    print(f"the trivial view between pages: quickest {base:.0f} µs, median {statistics.median(trivial):.0f}")


def _instructions(application, urls: dict, count: int) -> None:
    """Each page's instructions per request under callgrind started with
    --instr-atstart=no: counted only while the page is served (callgrind_control
    switches counting on and off and dumps once per page, into callgrind's
    files in the current directory), less an empty round's."""
    pid = str(os.getpid())

    def control(*options):
        subprocess.run(["callgrind_control", *options, pid], check=True, capture_output=True)

    totals = {}
    for name, url in {"nothing": None, **urls}.items():
        control("--instr=on")
        if url is not None:
            serve(application, url, count)
        control("--instr=off")
        control("--dump")
        dump = max(Path.cwd().glob(f"callgrind.out.{pid}.*"), key=lambda path: int(path.suffix[1:]))
        totals[name] = next(
            int(line.split()[1]) for line in dump.read_text().splitlines() if line.startswith("totals:")
        )
    base = totals.pop("nothing")
    trivial = (totals["trivial view"] - base) / count
    print(f"Instructions per warm request, in process ({count} requests, callgrind):")
    for name, total in totals.items():
        per_request = (total - base) / count
        print(f"{name:34} {per_request / 1000:7,.0f} k {trivial / per_request:5.0%} of the trivial view's")


if __name__ == "__main__":
    main()
