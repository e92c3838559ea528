"""`make bench-search`: the search results page versus a naive ILIKE scan.

Creates a scratch database (dropped at the end unless --keep), migrates it,
loads a synthetic bank (bench/corpus.py) of 10,000 then 100,000 questions,
and for each size times, per query:

- search: `questions.public.browse.find()`, all the results page does to search —
  the page's title matches, the matches counted up to the cap, the others
  ranked when the page reaches past the titles (`ranked_window()`), one
  page of 20 with categories and tags, the highlighted snippets — p50
  and p95 over --repeat runs;
- page: the whole results page, `GET /search/?q=…` through Django's test
  client (middleware, view, template), p50 and p95 over --repeat runs;
- scan: `SELECT id … WHERE title ILIKE '%q%' OR body ILIKE … OR tags ILIKE …`
  over the same questions, each term of the query as a substring, on a lean
  copy of the table (just these columns: the cheapest a scan can be); and
  the same scan capped as the page is (`LIMIT 1001`), which is what makes
  a scan fast for a common word;

then checks the CJK queries' results against the scan's (recall, precision),
and that their title matches (by ILIKE on the title) all come first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/search_bench.py
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402
from tests.bench.corpus import TAG_NAMES, Corpus  # noqa: E402

# (query, kind): zh = Chinese only, checked against the scan; en; mixed; syntax.
QUERIES = [
    ("模型", "zh"),
    ("训练", "zh"),
    ("大模型", "zh"),
    ("注意力", "zh"),
    ("损失函数", "zh"),
    ("型训", "zh"),
    ("鲁棒性", "zh"),
    ("动态规划", "zh"),
    ("哈希表", "zh"),
    ("倒排", "zh"),
    ("梯度裁剪", "zh"),
    ("知识蒸馏", "zh"),
    ("向量检索", "zh"),
    ("专家混合", "zh"),
    ("昇腾芯片", "zh"),
    ("变压器", "zh"),
    ("哈希表 or 链表", "zh"),
    ("transformer", "en"),
    ("Kubernetes", "en"),
    ("FlashAttention", "en"),
    ("ZooKeeper", "en"),
    ("GPU 训练", "mixed"),
    ("PyTorch 混合精度", "mixed"),
    ('"loss.backward"', "syntax"),
    ("鲁棒性 -GPU", "syntax"),
    # Six characters of common pairs: thousands of documents hold every
    # bigram, and each one is rechecked for the phrase.
    ("模型训练数据", "zh"),
]

# Before issue 22 (main at a49ec19, 100,000 questions, on the shared development machine at a load
# of ~10): CPU ms of find() and of the whole page, this process + its Postgres backend, per run. CPU
# rather than wall time: the other tenants of a shared machine inflate the wall time, not these.
BEFORE = {
    "模型": ("8.9 + 6.0", "20.0 + 7.5"),
    "训练": ("8.0 + 5.5", "17.5 + 6.5"),
    "大模型": ("7.7 + 10.5", "16.2 + 11.0"),
    "注意力": ("9.7 + 31.5", "17.1 + 32.0"),
    "损失函数": ("7.9 + 21.0", "21.4 + 26.0"),
    "型训": ("9.7 + 8.5", "20.7 + 10.0"),
    "鲁棒性": ("10.3 + 8.0", "19.2 + 9.0"),
    "动态规划": ("9.9 + 8.5", "20.3 + 10.5"),
    "哈希表": ("9.7 + 7.5", "16.7 + 9.5"),
    "倒排": ("10.5 + 7.0", "16.6 + 7.0"),
    "梯度裁剪": ("10.3 + 7.5", "18.2 + 7.5"),
    "知识蒸馏": ("8.4 + 5.0", "15.6 + 6.0"),
    "向量检索": ("12.5 + 6.5", "20.1 + 7.5"),
    "专家混合": ("11.1 + 4.5", "23.1 + 6.5"),
    "昇腾芯片": ("9.8 + 2.5", "20.0 + 3.5"),
    "变压器": ("6.4 + 1.0", "18.9 + 3.0"),
    "哈希表 or 链表": ("9.7 + 8.0", "16.7 + 8.5"),
    "transformer": ("10.0 + 13.5", "20.6 + 14.5"),
    "Kubernetes": ("11.1 + 6.5", "19.8 + 8.0"),
    "FlashAttention": ("12.0 + 4.5", "20.3 + 5.0"),
    "ZooKeeper": ("11.1 + 3.0", "20.3 + 5.0"),
    "GPU 训练": ("10.2 + 11.0", "20.6 + 12.5"),
    "PyTorch 混合精度": ("10.0 + 4.5", "19.6 + 5.5"),
    '"loss.backward"': ("8.7 + 10.5", "22.5 + 12.0"),
    "鲁棒性 -GPU": ("10.4 + 10.0", "20.3 + 11.0"),
    "模型训练数据": ("9.6 + 37.0", "17.3 + 38.0"),
}

TARGETS_AT = 90_000  # about the published questions of the 100,000 bank, where the targets apply
FAST_SHARE = 0.05  # "queries that match at most 5% of the bank"
TARGET_P95_MS = 30  # issue 22 (issue 5's target, then missed: 58.4 ms for 模型训练数据)
TARGET_SPEEDUP = 20
TARGET_PAGE_P95_MS = 40  # issue 22: the whole page, every query (was 60, issue 10; missed: 61 ms)
TARGET_P95_MS_AT_MILLION = 60  # issue 22: selective queries at 1,000,000 questions
RESULTS_CAP = 1000


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="bank sizes, ascending")
    parser.add_argument("--size", type=int, help="one bank size (e.g. 1000000), instead of --sizes")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each search (default 20)")
    parser.add_argument(
        "--scan-repeat", type=int, default=3, help="timed runs of each scan (default 3; 0: none, truth only)"
    )
    parser.add_argument("--database", default="qbank_bench", help="scratch database (tests/bench/harness.py)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the bank a --keep run left (migrated again, not reloaded)",
    )
    args = parser.parse_args()
    sizes = [args.size] if args.size else [int(size) for size in args.sizes.split(",")]

    with harness.scratch_databases(
        harness.server_url(), args.database, keep=args.keep or args.reuse, reuse=args.reuse
    ) as (bench_url,):
        # Connections kept, as production keeps them (CONN_MAX_AGE 60): the
        # statements psycopg prepares live as long as the connection.
        os.environ.setdefault("CONN_MAX_AGE", "60")
        harness.use(bench_url)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        bench = Bench(Corpus(), reuse=args.reuse)
        tables = []
        for size in sizes:
            if bench.loaded < size:
                bench.load(size)
            tables.append(bench.measure(args.repeat, args.scan_repeat))
        print()
        for table in tables:
            print(table)
            print()
        print(f"Total bench time {time.perf_counter() - started:.0f} s.")


DOCUMENT_TABLE = "questions_search_document"
DOCUMENT_INDEX = "questions_search_document_vector"
TITLE_TABLE = "questions_search_title"
TITLE_INDEX = "questions_search_title_vector"


def _log(message):
    print(message, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, corpus, *, reuse=False):
        from questions.models import Category, Question, Source, Tag

        self.corpus = corpus
        self.loaded = Question.objects.count() if reuse else 0
        self.categories = list(Category.objects.order_by("ordering").values_list("pk", flat=True))
        if self.loaded:
            names = dict(Tag.objects.values_list("name", "pk"))
            self.tags = [names[name] for name in TAG_NAMES]
            self.sources = list(Source.objects.order_by("pk").values_list("pk", flat=True))
        else:
            self.tags = [Tag.objects.create(name=name).pk for name in TAG_NAMES]
            self.sources = [Source.objects.create(title=f"Benchmark article {i}").pk for i in range(20)]

    def load(self, size):
        """Add questions up to `size`: COPY with triggers off, then one
        set-based refresh of their search documents, then the GIN index."""
        from django.db import connection

        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {DOCUMENT_INDEX}")
            cursor.execute(f"DROP INDEX IF EXISTS {TITLE_INDEX}")
            cursor.execute("SET session_replication_role = replica")
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            columns = (
                "id, title, slug, category_id, difficulty, body, answer, explanation, editor_note, "
                "body_html, answer_html, explanation_html, editor_note_html, status, source_id, "
                "source_position, created_at, updated_at, version, quality_issues"
            )
            links = []
            with raw.copy(f"COPY questions_question ({columns}) FROM STDIN") as copy:
                for q in self.corpus.questions(self.loaded + 1, size + 1):
                    source = self.sources[q["source"]] if q["source"] is not None else None
                    copy.write_row(
                        (
                            q["id"], q["title"], f"bench-{q['id']}", self.categories[q["category"]],
                            q["difficulty"], q["body"], q["answer"], q["explanation"],
                            "", "", "", "", "",  # rendered HTML: search never reads it
                            q["status"], source, q["id"] if source else None,
                            q["created_at"], q["created_at"], 1, [],
                        )
                    )  # fmt: skip
                    links.extend((q["id"], self.tags[t]) for t in q["tags"])
            with raw.copy("COPY questions_question_tags (question_id, tag_id) FROM STDIN") as copy:
                for link in links:
                    copy.write_row(link)
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("SELECT setval(pg_get_serial_sequence('questions_question', 'id'), %s)", [size])
        _log(f"N={size:,}: generated and copied in {time.perf_counter() - started:.0f} s")

        started = time.perf_counter()
        harness.refresh_search_documents(self.loaded + 1, size, workers=2)
        _log(f"N={size:,}: search documents computed in {time.perf_counter() - started:.0f} s")

        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(f"CREATE INDEX {DOCUMENT_INDEX} ON {DOCUMENT_TABLE} USING gin (vector)")
            cursor.execute(f"CREATE INDEX {TITLE_INDEX} ON {TITLE_TABLE} USING gin (vector)")
            cursor.execute("DROP TABLE IF EXISTS bench_scan")
            cursor.execute(
                """
                CREATE TABLE bench_scan AS
                SELECT q.id, q.status, q.title, q.body, q.answer, q.explanation,
                       coalesce(qbank_question_tag_names(q.id), '') AS tags
                FROM questions_question q
                """
            )
            cursor.execute("VACUUM ANALYZE questions_question")
            cursor.execute(f"VACUUM ANALYZE {DOCUMENT_TABLE}")
            cursor.execute(f"VACUUM ANALYZE {TITLE_TABLE}")
            cursor.execute("VACUUM ANALYZE questions_question_tags")
            cursor.execute("VACUUM ANALYZE bench_scan")
        _log(f"N={size:,}: GIN index and scan table built in {time.perf_counter() - started:.0f} s")
        self.loaded = size

    def measure(self, repeat, scan_repeat):
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client

        from questions.models import Question
        from questions.public.browse import BrowseForm, find
        from questions.search.query import parse_query
        from questions.search.tokens import is_cjk

        published = Question.objects.published()
        total = published.count()
        load = os.getloadavg()
        client = Client(headers={"host": "127.0.0.1"})
        rows, fast, broad, exact, title_first, pages, broad_p50 = [], [], [], [], [], [], []
        for text, kind in QUERIES:
            parsed = parse_query(text)

            def search(text=text):
                # A new form each run, as each request has: the parsed query
                # is cached on the form.
                form = BrowseForm({"q": text}, categories=[], tags=[], sources=[])
                return find(published, form, page_number=1)

            def page(text=text):
                # The page as the first reader after a change gets it: the
                # page cache (questions/pagecache.py) would otherwise answer
                # every run after the first without searching.
                cache.clear()
                response = client.get("/search/", {"q": text})
                assert response.status_code == 200, response.status_code

            search()  # warm up
            search_ms, search_cpu = _timings_and_cpu(search, repeat, connection)
            page()
            page_ms, page_cpu = _timings_and_cpu(page, repeat, connection)

            with connection.cursor() as cursor:

                def scan(sql, params, cursor=cursor):
                    cursor.execute(sql, params)
                    return [row[0] for row in cursor.fetchall()]

                sql, params = _scan_sql(parsed)
                truth = set(scan(sql, params))  # also the warm-up
                scan_ms = _timings(scan, scan_repeat, sql, params) or [math.nan]
                capped_sql = f"{sql} LIMIT {RESULTS_CAP + 1}"
                scan(capped_sql, params)
                capped_ms = _timings(scan, scan_repeat, capped_sql, params) or [math.nan]
                title_sql, title_params = _scan_sql(parsed, title_only=True)
                in_title = set(scan(title_sql, title_params))
            found = set(published.search(parsed).values_list("pk", flat=True))
            share = len(truth) / total
            speedup = statistics.median(scan_ms) / statistics.median(search_ms)
            cjk_only = kind == "zh" and all(is_cjk(ch) for t in parsed.terms for p in t.pieces for ch in p)
            recall = len(found & truth) / len(truth) if truth else 1.0
            precision = len(found & truth) / len(found) if found else 1.0
            first = "—"
            if cjk_only:
                exact.append(recall == precision == 1.0)
                ranked = published.ranked_pks(parsed, limit=RESULTS_CAP + 1)
                leading = min(len(in_title), len(ranked))
                ok = set(ranked[:leading]) <= in_title and not (set(ranked[leading:]) & in_title)
                title_first.append(ok)
                first = f"{len(in_title):,} {'✓' if ok else '✗'}"
            p95, page_p95 = _percentile(search_ms, 95), _percentile(page_ms, 95)
            pages.append((text, page_p95))
            (fast if share <= FAST_SHARE else broad).append(
                (text, p95, speedup, statistics.median(scan_ms), statistics.median(capped_ms))
            )
            if share > FAST_SHARE:
                broad_p50.append((text, statistics.median(search_ms), statistics.median(capped_ms)))
            rows.append(
                (
                    text, kind, f"{len(truth):,}", f"{share:.2%}", f"{len(found):,}", first,
                    f"{statistics.median(search_ms):.1f}", f"{p95:.1f}",
                    f"{search_cpu}", _before(text, "find"),
                    f"{statistics.median(page_ms):.1f}", f"{page_p95:.1f}", f"{page_cpu}",
                    _before(text, "page"),
                    f"{statistics.median(scan_ms):.0f}", f"{statistics.median(capped_ms):.0f}",
                    f"{speedup:,.0f}×",
                    f"{recall:.0%}" if cjk_only else "—", f"{precision:.0%}" if cjk_only else "—",
                )
            )  # fmt: skip
            _log(f"  {text}: {rows[-1]}")
        header = (
            "query", "kind", "scan hits", "share", "search hits", "title hits, first", "find p50 ms",
            "find p95 ms", "find CPU ms (py + pg)", "find CPU before", "page p50 ms", "page p95 ms",
            "page CPU ms (py + pg)", "page CPU before", "scan p50 ms", "capped scan p50 ms", "speedup",
            "CJK recall", "CJK precision",
        )  # fmt: skip
        lines = [
            f"N = {total:,} published questions ({self.loaded:,} in all); {repeat} runs per search and "
            f"page, {scan_repeat} per scan; capped = LIMIT {RESULTS_CAP + 1}, as the page; load average "
            f"{load[0]:.1f} → {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs); CPU ms: this process + "
            "its Postgres backend, per run (mean); before: main at a49ec19 (BEFORE)",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join(" --- " if i < 2 else " ---: " for i in range(len(header))) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
        lines.append(
            f"- CJK queries with 100% recall and precision: {sum(exact)} of {len(exact)} — "
            f"{'met' if all(exact) else 'NOT MET'}"
        )
        lines.append(
            f"- CJK queries whose title matches all come first: {sum(title_first)} of {len(title_first)} — "
            f"{'met' if all(title_first) else 'NOT MET'}"
        )
        if total < TARGETS_AT:
            lines.append(f"- the speed targets apply at N = 100,000 ({TARGETS_AT:,}+ published)")
            return "\n".join(lines)
        if fast:
            worst_p95 = max(p95 for _, p95, *_ in fast)
            worst_speedup = min(speedup for _, _, speedup, *_ in fast)
            target = TARGET_P95_MS_AT_MILLION if total >= 10 * TARGETS_AT else TARGET_P95_MS
            ok = worst_p95 <= target and worst_speedup >= TARGET_SPEEDUP
            lines.append(
                f"- queries matching ≤ 5% ({len(fast)}): worst find p95 {worst_p95:.1f} ms "
                f"(target ≤ {target}; before: 58.4, issue 22), least speedup {worst_speedup:,.0f}× "
                f"(target ≥ {TARGET_SPEEDUP}×) — {'met' if ok else 'NOT MET'}"
            )
        if broad:
            slower = [text for text, p95, _, scan_p50, _ in broad if p95 > scan_p50]
            lines.append(
                f"- broad queries ({len(broad)}): find p95 above the full scan's p50 for "
                f"{', '.join(slower) if slower else 'none'} — {'NOT MET' if slower else 'met'}"
            )
            behind = [(text, p50, capped) for text, p50, capped in broad_p50 if p50 > capped]
            lines.append(
                "- common words at least as fast as the capped scan (find p50 ≤ capped scan p50): slower for "
                + (", ".join(f"{t} ({p50:.1f} vs {c:.1f} ms)" for t, p50, c in behind) or "none")
                + f" — {'NOT MET' if behind else 'met'}"
            )
        worst_text, worst_page = max(pages, key=lambda item: item[1])
        lines.append(
            f"- whole results page, every query: worst p95 {worst_page:.1f} ms ({worst_text}; "
            f"target ≤ {TARGET_PAGE_P95_MS}; before: 61, issue 22) — "
            f"{'met' if worst_page <= TARGET_PAGE_P95_MS else 'NOT MET'}"
        )
        return "\n".join(lines)


def _timings_and_cpu(run, repeat, connection):
    """Wall ms of each run, and the CPU ms a run costs on average: this
    process's and its Postgres backend's (from /proc: the server is local),
    which the other tenants of a shared machine do not inflate as they do
    the wall time."""
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    python_before, postgres_before = time.process_time(), _backend_cpu(backend)
    timings = _timings(run, repeat)
    python_ms = (time.process_time() - python_before) * 1000 / repeat
    connection.ensure_connection()
    if postgres_before is None or connection.connection.info.backend_pid != backend:
        return timings, f"{python_ms:.1f} + ?"
    postgres_ms = (_backend_cpu(backend) - postgres_before) * 1000 / repeat
    return timings, f"{python_ms:.1f} + {postgres_ms:.1f}"


def _backend_cpu(pid):
    """Seconds of CPU the process `pid` has used (user + system); None if unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _before(text, column):
    """The CPU ms before issue 22 (BEFORE): find() or the whole page."""
    find, page = BEFORE.get(text, ("—", "—"))
    return find if column == "find" else page


def _timings(run, repeat, *args):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run(*args)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _percentile(values, percent):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * percent // 100) - 1)]


SCANNED_FIELDS = ("title", "body", "answer", "explanation", "tags")


def _scan_sql(parsed, *, title_only=False):
    """The naive search: each term a substring of some field (ILIKE).
    `title_only`: the positive terms in the title (the excluded ones still
    nowhere), which is what the results page ranks first."""
    clauses, params = [], []
    for group in parsed.groups:
        alternatives = []
        for term in group:
            pattern = "%" + term.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            fields = ("title",) if title_only and not term.negated else SCANNED_FIELDS
            params.extend([pattern] * len(fields))
            alternatives.append(
                f"{'NOT ' if term.negated else ''}({' OR '.join(f'{field} ILIKE %s' for field in fields)})"
            )
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return f"SELECT id FROM bench_scan WHERE status = 'published' AND {' AND '.join(clauses)}", params


if __name__ == "__main__":
    main()
