"""`make bench-http`: the public pages served as production serves them.

For each bank size (default 10,000 then 100,000 questions) in a scratch
database (qbank_bench_http, dropped at the end unless --keep):

1. in this process, through Django's whole middleware stack with DEBUG=0:
   each page's in-process time and SQL time, cold (cache emptied before
   every request) and warm — medians of --samples requests, in three passes
   minutes apart (before, between and after the wrk runs), each page
   keeping its quickest pass;
2. gunicorn, 2 workers, DEBUG=0, loaded by wrk from a second process on
   loopback (-t2 -c16, --duration seconds per page, medians of --rounds):
   req/s, p50 and p99 of each page and of a trivial view returning "ok",
   and each page's share of the trivial view, every round of a page right
   after a round of the trivial view (on a shared machine the speed drifts
   over minutes) — once with the cache (warm,
   anonymous) and once with no cache at all (cold);
3. a category download: time to first byte when it has to be built, when
   it is already built, and the total time of the build;
4. in this process too, a signed-in candidate's own pages (practice, progress,
   bookmarks, the question page, the account) with a realistic history:
   tests/bench/candidate_pages.py.

The bank is tests/bench/corpus.py's, loaded by COPY; its Markdown is
rendered for a pool of 500 questions whose HTML the others reuse in turn
(rendering 100,000 answers would take longer than the whole bench; the
pages and downloads are the same sizes as with real rendering).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/http_bench.py
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import candidate_pages, harness  # noqa: E402
from tests.bench.corpus import TAG_NAMES, Corpus  # noqa: E402
from tests.bench.timing import cold_and_warm  # noqa: E402

HTML_POOL = 500

# The targets, as shares of the trivial view's req/s.
WARM_QUESTION_SHARE = 0.50
WARM_PAGE_SHARE = 0.30
COLD_QUESTION_SHARE = 0.20
COLD_IN_PROCESS_MS = 25
FIRST_BYTE_MS = 200

# The baseline (10,000 questions): req/s, share, in-process ms, SQL ms.
BASELINE = {
    "trivial view": ("~1,750", "100 %", "0.8", "0"),
    "question": ("~105", "6 %", "19", "5"),
    "category": ("~50", "3 %", "41", "6"),
    "tag list": ("—", "—", "—", "—"),
    "tag page": ("~40", "2 %", "38", "10"),
    "home": ("~22", "1.2 %", "103", "51"),
    "search (one Chinese word)": ("~23", "1.3 %", "90", "29"),
    "category Anki download": ("~1", "0.06 %", "1,130", "131"),
    # Issue 23: new rows, no baseline.
    "API list": ("—", "—", "—", "—"),
    "API detail": ("—", "—", "—", "—"),
}


def _log(message):
    print(message, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="bank sizes, ascending")
    parser.add_argument("--duration", type=int, default=3, help="seconds of wrk per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds per page (the median is kept)")
    parser.add_argument("--samples", type=int, default=15, help="in-process requests per page")
    parser.add_argument(
        "--database",
        default="qbank_bench_http",
        help="scratch database (a bench's own: tests/bench/harness.py)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--output", help="also write the tables to this file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `make bench-tools` (apt-get install wrk)")
    sizes = [int(size) for size in args.sizes.split(",")]
    scratch = Path(tempfile.mkdtemp(prefix="qbank-bench-http-"))
    os.environ.update(
        BENCH_STATIC_ROOT=str(scratch / "static"),
        DOWNLOADS_CACHE_DIR=str(scratch / "downloads"),
    )
    try:
        with harness.scratch_databases(harness.server_url(), args.database, keep=args.keep) as (bench_url,):
            # gunicorn's workers inherit the environment: the same settings.
            harness.use(bench_url, settings="tests.bench.http_settings")
            _run(args, sizes)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(args, sizes):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    loader = Loader(Corpus())
    tables = []
    for size in sizes:
        loader.load(size)
        tables.append(measure(loader, size, args))
        _log(tables[-1])
    text = (
        "\n\n".join(tables)
        + f"\n\nMachine: {_machine()}\nTotal bench time {time.perf_counter() - started:.0f} s."
    )
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n")


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return f"{cpu}, {os.cpu_count()} CPUs (load average {load:.1f} at the end), Postgres on loopback"


class Loader:
    def __init__(self, corpus):
        from questions.models import Category, Source, Tag

        self.corpus = corpus
        self.loaded = 0
        self.categories = list(Category.objects.order_by("ordering").values_list("pk", flat=True))
        self.tags = [Tag.objects.create(name=name).pk for name in TAG_NAMES]
        self.sources = [
            Source.objects.create(title=f"Benchmark article {i}", intro="An article.").pk for i in range(20)
        ]
        self.html = None

    def _html_pool(self):
        from questions.markdown import render_markdown

        if self.html is None:
            self.html = [
                tuple(render_markdown(q[f]) for f in ("body", "answer", "explanation"))
                for q in self.corpus.questions(1, HTML_POOL + 1)
            ]
        return self.html

    def load(self, size):
        """Questions up to `size` by COPY (triggers off, as a restore would
        run), then what the triggers keep, recounted once."""
        from django.db import connection

        started = time.perf_counter()
        pool = self._html_pool()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            raw = cursor.cursor
            columns = (
                "id, title, slug, category_id, difficulty, body, answer, explanation, editor_note, "
                "body_html, answer_html, explanation_html, editor_note_html, status, source_id, "
                "source_position, created_at, updated_at, published_at, version, quality_issues"
            )
            links = []
            with raw.copy(f"COPY questions_question ({columns}) FROM STDIN") as copy:
                for q in self.corpus.questions(self.loaded + 1, size + 1):
                    source = self.sources[q["source"]] if q["source"] is not None else None
                    body_html, answer_html, explanation_html = pool[q["id"] % HTML_POOL]
                    published = q["status"] == "published"
                    copy.write_row(
                        (
                            q["id"], q["title"], f"bench-{q['id']}", self.categories[q["category"]],
                            q["difficulty"], q["body"], q["answer"], q["explanation"], "",
                            body_html if q["body"] else "", answer_html, explanation_html, "",
                            q["status"], source, q["id"] if source else None,
                            q["created_at"], q["created_at"], q["created_at"] if published else None, 1, [],
                        )
                    )  # fmt: skip
                    links.extend((q["id"], self.tags[t]) for t in q["tags"])
            with raw.copy("COPY questions_question_tags (question_id, tag_id) FROM STDIN") as copy:
                for link in links:
                    copy.write_row(link)
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("SELECT setval(pg_get_serial_sequence('questions_question', 'id'), %s)", [size])
            cursor.execute("SELECT qbank_recount_published()")
            cursor.execute("SELECT qbank_bump_content_version()")
        _log(f"N={size:,}: copied in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        harness.refresh_search_documents(self.loaded + 1, size, workers=2)
        with connection.cursor() as cursor:
            for table in (
                "questions_question",
                "questions_question_tags",
                "questions_search_document",
                "questions_search_title",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        _log(f"N={size:,}: search documents and statistics in {time.perf_counter() - started:.0f} s")
        self.loaded = size


def _pages() -> dict[str, str]:
    from questions.models import Question, Tag

    question = Question.objects.published().exclude(source=None).order_by("pk").first()
    tag = Tag.objects.order_by("-published_count").first()
    return {
        "trivial view": "/bench/ok",
        "question": question.get_absolute_url(),
        "category": "/c/concept/",
        "tag list": "/tags/",
        "tag page": tag.get_absolute_url(),
        "home": "/",
        "search (one Chinese word)": "/search/?q=" + quote("模型"),
        "category Anki download": "/c/coding/export.anki.txt",
        # The API's list (a category, as the category page) and a question.
        "API list": "/api/v1/questions?category=concept",
        "API detail": f"/api/v1/questions/{question.pk}",
    }


def measure(loader, size, args) -> str:
    from django.db import connection
    from django.test import Client

    from questions.models import Question

    pages = _pages()
    published = Question.objects.published().count()
    client = Client(headers={"accept-language": "zh-hans"})

    # In-process times in three passes minutes apart (before, between and
    # after the wrk runs), each page keeping its quickest pass: on a shared
    # machine a slow minute doubles every time measured in it, and the
    # quickest pass is the closest to what the code itself costs.
    passes = [_in_process_pass(client, connection, pages, args.samples)]
    download = _download_timings(client, connection, pages["category Anki download"])
    started = time.perf_counter()
    candidate_pages.load()
    _log(f"N={size:,}: a candidate's history loaded in {time.perf_counter() - started:.0f} s")
    candidate_passes = [candidate_pages.measure(args.samples, _log)]
    connection.close()  # gunicorn's workers open their own

    runs = {}
    for label, cache_mode in (("warm", "locmem"), ("cold", "none")):
        with _gunicorn(cache_mode) as port:
            for url in pages.values():  # warm the cache (and the download file)
                _get(port, url)
                # Both workers: their first page loads templates and compiles.
                subprocess.run(
                    ["wrk", "-t2", "-c4", "-d1s", f"http://127.0.0.1:{port}{url}"], capture_output=True
                )
            runs[label] = _side_by_side(port, pages, args)
            for name, result in runs[label].items():
                _log(f"  {label} {name}: {result}")
        passes.append(_in_process_pass(client, connection, pages, args.samples))
        candidate_passes.append(candidate_pages.measure(args.samples, _log))
        connection.close()
    in_process = _quickest(passes)
    candidate = _quickest(candidate_passes)
    return _table(size, published, pages, in_process, runs, download, candidate, args)


def _in_process_pass(client, connection, pages, samples) -> dict:
    """page → (cold ms, SQL cold ms, warm ms), medians of `samples`."""
    in_process = {}
    for name, url in pages.items():
        if name == "category Anki download":
            continue
        in_process[name] = cold_and_warm(client, connection, url, samples)[:3]
        _log(
            f"  in-process {name}: cold {in_process[name][0]:.1f} ms (SQL {in_process[name][1]:.1f}), "
            f"warm {in_process[name][2]:.1f} ms"
        )
    return in_process


def _quickest(passes: list[dict]) -> dict:
    """Each page's pass with the lowest cold time (the figures of one pass)."""
    return {name: min((one[name] for one in passes), key=lambda figures: figures[0]) for name in passes[0]}


def _download_timings(client, connection, url) -> dict:
    """First byte of a download that has to be built (its category just
    changed), of one already built, and the build's total time."""

    def first_byte_and_total():
        started = time.perf_counter()
        response = client.get(url)
        chunks = iter(response.streaming_content)
        size = len(next(chunks))
        first = time.perf_counter() - started
        size += sum(len(chunk) for chunk in chunks)
        response.close()
        return first * 1000, (time.perf_counter() - started) * 1000, size

    with connection.cursor() as cursor:  # as a change of the category's questions does
        cursor.execute(
            "UPDATE questions_category SET published_version = published_version + 1 WHERE slug = 'coding'"
        )
    building = first_byte_and_total()
    built = first_byte_and_total()
    result = {"building": building, "built": built}
    _log(f"  download: {result}")
    return result


class _gunicorn:
    def __init__(self, cache_mode):
        self.cache_mode = cache_mode

    def __enter__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = dict(os.environ, BENCH_CACHE=self.cache_mode)
        self.process = subprocess.Popen(
            # -c /dev/null: the figures above were taken without gunicorn.conf.py.
            [str(Path(sys.executable).with_name("gunicorn")), "qbank.wsgi", "-c", os.devnull, "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _get(self.port, "/bench/ok")
                return self.port
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def _get(port, url) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", url, headers={"Accept-Language": "zh-hans"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def _side_by_side(port, pages, args) -> dict:
    """wrk on each page, every round right after a round of the trivial
    view: a page's share is the median of its rounds' shares, each taken
    beside the trivial view a few seconds apart, so a slower spell of a
    shared machine lowers both sides of a share rather than one of them."""
    trivial_url = pages["trivial view"]
    trivial_rounds = []
    runs = {}
    for name, url in pages.items():
        if name == "trivial view":
            continue
        rounds, shares = [], []
        for _ in range(args.rounds):
            trivial_rounds.append(_wrk_round(port, trivial_url, args))
            rounds.append(_wrk_round(port, url, args))
            shares.append(rounds[-1][0] / trivial_rounds[-1][0])
        runs[name] = {**_medians(rounds), "share": statistics.median(shares)}
    return {"trivial view": {**_medians(trivial_rounds), "share": 1.0}, **runs}


def _medians(rounds) -> dict:
    return {
        "rps": statistics.median(r[0] for r in rounds),
        "p50": statistics.median(r[1] for r in rounds),
        "p99": statistics.median(r[2] for r in rounds),
        "errors": sum(r[3] for r in rounds),
    }


def _wrk_round(port, url, args) -> tuple[float, float, float, int]:
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{args.duration}s", "--latency", "--timeout", "30s",
         "-H", "Accept-Language: zh-hans", f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output)[1])
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output)[1])
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx[1]) if non_2xx else 0
    return rps, p50, p99, errors


def _table(size, published, pages, in_process, runs, download, candidate, args) -> str:
    lines = [
        f"### N = {size:,} questions ({published:,} published) — gunicorn 2 workers, DEBUG=0, "
        f"wrk -t2 -c16 -d{args.duration}s, medians of {args.rounds} rounds, "
        "each round of a page right after one of the trivial view (a share is the median of those pairs)",
        "",
        "| page | warm req/s | warm share | warm p50 / p99 ms | cold req/s | cold share | cold p50 / p99 ms "
        "| in-process cold ms | SQL cold ms | in-process warm ms | errors | baseline (10k) req/s, share, ms, SQL ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    checks = []
    for name in pages:
        warm, cold = runs["warm"][name], runs["cold"][name]
        warm_share, cold_share = warm["share"], cold["share"]
        cold_ms, sql_ms, warm_ms = in_process.get(name, (None, None, None))
        fmt = lambda v: "—" if v is None else f"{v:.1f}"  # noqa: E731
        lines.append(
            f"| {name} | {warm['rps']:,.0f} | {warm_share:.0%} | {warm['p50']:.1f} / {warm['p99']:.1f} "
            f"| {cold['rps']:,.0f} | {cold_share:.0%} | {cold['p50']:.1f} / {cold['p99']:.1f} "
            f"| {fmt(cold_ms)} | {fmt(sql_ms)} | {fmt(warm_ms)} | {warm['errors'] + cold['errors']} "
            f"| {', '.join(BASELINE[name])} |"
        )
        if name in ("trivial view", "category Anki download"):
            continue
        target = WARM_QUESTION_SHARE if name == "question" else WARM_PAGE_SHARE
        checks.append((f"warm {name} ≥ {target:.0%} of the trivial view", warm_share >= target))
        if size >= 100_000:
            checks.append(
                (f"cold {name} in-process ≤ {COLD_IN_PROCESS_MS} ms", cold_ms <= COLD_IN_PROCESS_MS)
            )
    # The candidate's pages are private: timed in-process only, never cached.
    for name, (cold_ms, sql_ms, warm_ms, queries) in candidate.items():
        lines.append(
            f"| {name} ({queries} queries) | — | — | — | — | — | — "
            f"| {cold_ms:.1f} | {sql_ms:.1f} | {warm_ms:.1f} | 0 | — |"
        )
        if size >= 100_000:
            checks.append(
                (f"cold {name} in-process ≤ {COLD_IN_PROCESS_MS} ms", cold_ms <= COLD_IN_PROCESS_MS)
            )
    cold_question = runs["cold"]["question"]["share"]
    checks.append(
        (
            f"cold question ≥ {COLD_QUESTION_SHARE:.0%} of the trivial view",
            cold_question >= COLD_QUESTION_SHARE,
        )
    )
    errors = sum(r["errors"] for label in runs for r in runs[label].values())
    checks.append(("0 errors", errors == 0))
    building, built = download["building"], download["built"]
    checks.append((f"download first byte ≤ {FIRST_BYTE_MS} ms while building", building[0] <= FIRST_BYTE_MS))
    checks.append((f"download first byte ≤ {FIRST_BYTE_MS} ms once built", built[0] <= FIRST_BYTE_MS))
    lines += [
        "",
        f"Category Anki download ({building[2] / 1e6:.1f} MB): first byte {building[0]:.0f} ms and "
        f"complete in {building[1]:.0f} ms while being built (once per change of the category); "
        f"first byte {built[0]:.0f} ms, complete in {built[1]:.0f} ms once built.",
        "",
    ]
    lines += [f"- {text}: {'met' if ok else 'NOT MET'}" for text, ok in checks]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
