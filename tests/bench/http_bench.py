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
   tests/bench/candidate_pages.py; the question and practice pages are also
   loaded by wrk with the candidate's session cookie;
5. each wrk round's CPU per request (gunicorn's workers and their Postgres
   backends, tests/bench/cpu_load.py) and the load average: on a shared
   machine req/s drifts with the neighbours, CPU ms do not;
6. warm pages three ways: the local memory cache, Redis (a throwaway
   redis-server; this process's memory in front of it, as production has
   it), and a revisit with the page's ETag (a 304);
7. memory: a worker's growth while it builds a download of the biggest
   category and of the whole bank (tests/bench/download_memory.py, a child
   process), and a full garbage collection's pause before and after
   `gc.freeze()` (gunicorn.conf.py freezes each worker after start-up).

The bank is tests/bench/corpus.py's, loaded by COPY; its Markdown is
rendered for a pool of 500 questions whose HTML the others reuse in turn
(rendering 100,000 answers would take longer than the whole bench; the
pages and downloads are the same sizes as with real rendering).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/http_bench.py
"""

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import candidate_pages, harness, http_report  # noqa: E402
from tests.bench.corpus import TAG_NAMES, Corpus  # noqa: E402
from tests.bench.timing import cold_and_warm  # noqa: E402
from tests.bench.wrk_rounds import Gunicorn, get, header_args, side_by_side  # noqa: E402

HTML_POOL = 500

MODES = http_report.MODES


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
    harness.add_database_options(parser, "qbank_bench_http")
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
    from questions.public.sitemaps import SECTIONS

    question = Question.objects.published().exclude(source=None).order_by("pk").first()
    tag = Tag.objects.order_by("-published_count").first()
    sitemap = SECTIONS["questions"]
    return {
        "trivial view": "/bench/ok",
        "question": question.get_absolute_url(),
        "category": "/c/concept/",
        "tag list": "/tags/",
        "tag page": tag.get_absolute_url(),
        "home": "/",
        "search (one Chinese word)": "/search/?q=" + quote("模型"),
        "sitemap, last page of questions": f"/sitemap-questions.xml?p={sitemap.page_count(sitemap.bounds())}",
        "category Anki download": "/c/coding/export.anki.txt",
        # The API's list (a category, as the category page) and a question.
        "API list": "/api/v1/questions?category=concept",
        "API detail": f"/api/v1/questions/{question.pk}",
    }


def _signed_in_pages() -> dict[str, tuple[str, str]]:
    """The candidate's question and practice pages, with their session cookie."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from practice.models import Card

    client = Client()
    candidate = User.objects.get(username="candidate")
    client.force_login(candidate)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    question = Card.objects.filter(user=candidate).order_by("pk").first().question
    return {
        "question page, signed in": (question.get_absolute_url(), cookie),
        "practice page, signed in": (reverse("practice:home"), cookie),
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
    pauses = _gc_pauses()
    download = _download_timings(client, connection, pages["category Anki download"])
    started = time.perf_counter()
    candidate_pages.load()
    signed_in = _signed_in_pages()
    _log(f"N={size:,}: a candidate's history loaded in {time.perf_counter() - started:.0f} s")
    candidate_passes = [candidate_pages.measure(args.samples, _log)]
    connection.close()  # gunicorn's workers open their own
    memory = _download_memory()
    _log(f"  download memory growth, MB: {memory}")

    runs = {}
    for label, cache_mode in MODES:
        if cache_mode == "redis" and not shutil.which("redis-server"):
            _log("  redis-server is not installed: no Redis runs (apt-get install redis-server)")
            continue
        with Gunicorn(cache_mode) as (port, meter):
            loaded = _loaded_pages(port, label, pages, signed_in)
            for url, headers in loaded.values():  # warm the cache (and the download file)
                get(port, url, headers)
                # Both workers: their first page loads templates and compiles.
                subprocess.run(
                    ["wrk", "-t2", "-c4", "-d1s", *header_args(headers), f"http://127.0.0.1:{port}{url}"],
                    capture_output=True,
                )
            runs[label] = side_by_side(port, meter, loaded, args)
            for name, result in runs[label].items():
                _log(f"  {label} {name}: {result}")
        passes.append(_in_process_pass(client, connection, pages, args.samples))
        candidate_passes.append(candidate_pages.measure(args.samples, _log))
        connection.close()
    in_process = _quickest(passes)
    candidate = _quickest(candidate_passes)
    return http_report.table(size, published, in_process, runs, download, candidate, memory, pauses, args)


def _loaded_pages(port, label, pages, signed_in) -> dict[str, tuple[str, dict]]:
    """page → (URL, request headers) that wrk loads in this mode."""
    loaded = {}
    for name, url in pages.items():
        loaded[name] = (url, {})
        if name == "question" and label != "cold":
            # A revisit with the ETag it was given: answered before anything is built.
            etag = get(port, url, header="ETag")
            loaded["question, revalidated (304)"] = (url, {"If-None-Match": etag})
    if label == "warm, Redis":
        loaded = {
            name: value
            for name, value in loaded.items()
            if name in ("trivial view", *http_report.REDIS_PAGES)
        }
    if label == "warm":
        loaded |= {name: (url, {"Cookie": cookie}) for name, (url, cookie) in signed_in.items()}
    return loaded


def _gc_pauses() -> tuple[float, float]:
    """A full collection's pause in this process (Django loaded, every page
    served once), ms, median of 5: as it is, and after `gc.freeze()`."""

    def pause():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            gc.collect()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    before = pause()
    gc.freeze()
    try:
        after = pause()
    finally:
        gc.unfreeze()
    _log(f"  full collection: {before:.1f} ms, {after:.1f} ms frozen")
    return before, after


def _download_memory() -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "tests.bench.download_memory"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


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


if __name__ == "__main__":
    main()
