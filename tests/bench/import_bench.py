"""Benchmark: export a bank of synthetic questions as JSON and import it into
a fresh database, against issue 4's target (10,000 questions in under 60 s).

    make bench-import                      # 10,000 questions
    make bench-import BENCH_ARGS="--before 095b98a"   # and the same import by an older commit
    .venv/bin/python tests/bench/import_bench.py --questions 2000

Uses scratch databases next to DATABASE_URL's (`<name>_bench_src`,
`<name>_bench_dst`, and `<name>_bench_before` with --before), created fresh
and dropped afterwards. Every step runs `manage.py` in its own process, so
the times include start-up, as a user would see them. Progress lines from
the commands pass through to stderr.

`--before REF` also imports the same file with the code of git commit REF
(checked out with `git archive` into a temporary directory, run with this
virtualenv), into a database migrated by that code, just before this code's
import: on a shared machine, before and after then see the same load.
"""

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 60.0
BEFORE_STEP = "import json, the --before commit's code"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/qbank"


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate(base: str, *names: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not drop_only:
                connection.execute(f'CREATE DATABASE "{name}"')


def manage(url: str, *args: str, quiet: bool = False, tree: Path = ROOT) -> float:
    """Run `tree`'s manage.py against `url`; the wall time in seconds."""
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return time.perf_counter() - started


def fingerprint(url: str) -> tuple[int, str]:
    """How many questions, and a digest of every stored column but the ids."""
    import psycopg

    query = """
        SELECT count(*), md5(coalesce(string_agg(concat_ws('|', q.slug, q.title, c.slug, q.difficulty,
            q.body, q.answer, q.explanation, q.editor_note, q.body_html, q.answer_html,
            q.explanation_html, q.editor_note_html, q.status, s.slug, q.source_position,
            q.created_at, q.updated_at), '#' ORDER BY q.slug), ''))
        FROM questions_question q
        JOIN questions_category c ON c.id = q.category_id
        LEFT JOIN questions_source s ON s.id = q.source_id
    """
    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchone()


# --- synthetic questions (runs inside Django, in the source database) -------------------

TOPICS = ["注意力机制", "向量检索", "分布式训练", "模型评估", "推理加速", "embeddings", "RLHF", "tokenizers"]


def _answer(rng: random.Random, i: int) -> str:
    topic = rng.choice(TOPICS)
    parts = [f"{topic}的要点（第 {i} 题）：", ""]
    parts += [
        f"{n}. **要点{n}**：关于{topic}的说明，包含 `code_{n}` 与细节。" for n in range(1, rng.randint(3, 6))
    ]
    if rng.random() < 0.5:
        parts += ["", "```python", f"def solve_{i}(xs):", "    total = 0", "    for x in xs:",
                  "        total += x * x", "    return total", "```"]  # fmt: skip
    if rng.random() < 0.2:
        parts += ["", "| 方法 | 复杂度 |", "| --- | --- |", "| 暴力 | O(n²) |", "| 索引 | O(log n) |"]
    return "\n".join(parts)


def generate(count: int, seed: int = 4) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qbank.settings")
    django.setup()
    from django.utils import timezone

    from questions.exchange.progress import Progress
    from questions.models import Category, Question, Source, Tag

    rng = random.Random(seed)
    categories = list(Category.objects.all())
    tags = Tag.objects.bulk_create(Tag(name=f"标签{n}", slug=f"tag-{n}") for n in range(40))
    sources = [
        Source(
            title=f"合成文章 {n}",
            slug=f"synthetic-{n}",
            intro=f"第 {n} 篇文章的**引言**。",
            conclusion="结论。",
        )
        for n in range(count // 50 + 1)
    ]
    Source.objects.bulk_import(sources)
    now = timezone.now()
    rows = []
    for i in range(1, count + 1):
        source = sources[(i - 1) // 50] if i % 7 else None
        question = Question(
            title=f"合成问题 {i}：如何理解{rng.choice(TOPICS)}？",
            slug=f"synthetic-question-{i}",
            category=rng.choice(categories),
            difficulty=rng.choice(Question.Difficulty.values),
            body="" if rng.random() < 0.7 else f"请结合例子说明（{i}）。",
            answer=_answer(rng, i),
            explanation=f"解析：理解{rng.choice(TOPICS)}是关键。" if rng.random() < 0.9 else "",
            editor_note="" if rng.random() < 0.95 else "编者按：已核对。",
            status=Question.Status.PUBLISHED if rng.random() < 0.8 else Question.Status.DRAFT,
            source=source,
            source_position=(i - 1) % 50 + 1 if source else None,
            created_at=now,
            updated_at=now,
        )
        rows.append((question, [t.pk for t in rng.sample(tags, rng.randint(0, 3))]))
    progress = Progress(sys.stderr, "generated", count)
    Question.objects.bulk_import(rows, on_batch=progress.advance)
    progress.finish()


# --- the benchmark ------------------------------------------------------------------------


@contextlib.contextmanager
def checkout(ref: str):
    """The files of git commit `ref`, in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="qbank-before-") as tmp:
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        yield Path(tmp)


def commit_label(ref: str) -> str:
    return subprocess.run(
        ["git", "log", "-1", "--format=%h %s", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()[:60]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--output", type=Path, help="also write the figures to this file")
    parser.add_argument("--before", metavar="REF", help="also import with the code of this git commit, first")
    options = parser.parse_args()

    base = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("bench-import needs a Postgres DATABASE_URL")
    name = urlsplit(base).path.lstrip("/") or "qbank"
    src_name, dst_name, before_name = f"{name}_bench_src", f"{name}_bench_dst", f"{name}_bench_before"
    src, dst = database_url(base, src_name), database_url(base, dst_name)
    before_db = database_url(base, before_name)
    count = options.questions

    print(f"Preparing {count:,} synthetic questions in {src_name} …", file=sys.stderr)
    recreate(base, src_name, dst_name, *([before_name] if options.before else []))
    try:
        with contextlib.ExitStack() as stack:
            before_tree = stack.enter_context(checkout(options.before)) if options.before else None
            manage(src, "migrate", "--noinput", quiet=True)
            manage(dst, "migrate", "--noinput", quiet=True)
            if before_tree:
                manage(before_db, "migrate", "--noinput", quiet=True, tree=before_tree)
            subprocess.run(
                [sys.executable, __file__, "--generate", str(count)],
                env={**os.environ, "DATABASE_URL": src},
                check=True,
            )
            out = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qbank-bench-")))
            times = {}
            times["export json"] = manage(src, "export_bank", "--format", "json", str(out / "bank.json"))
            if before_tree:
                times[BEFORE_STEP] = manage(
                    before_db, "import_bank", str(out / "bank.json"), tree=before_tree
                )
            times["import json into a fresh database"] = manage(dst, "import_bank", str(out / "bank.json"))
            times["import the same file again (all unchanged)"] = manage(
                dst, "import_bank", str(out / "bank.json")
            )
            for fmt in ("markdown", "anki", "moodle"):
                times[f"export {fmt}"] = manage(src, "export_bank", "--format", fmt, str(out / f"bank.{fmt}"))
            size = (out / "bank.json").stat().st_size
        same = fingerprint(src) == fingerprint(dst)
        same_before = fingerprint(src) == fingerprint(before_db) if options.before else None
    finally:
        if not options.keep:
            recreate(base, src_name, dst_name, before_name, drop_only=True)

    import_time = times["import json into a fresh database"]
    lines = [
        f"qbank import/export benchmark: {count:,} synthetic questions, JSON file {size / 1e6:.1f} MB, "
        f"{os.cpu_count()} CPUs",
        "",
        f"{'step':<46}{'seconds':>9}   baseline (issue 4)",
    ]
    for step, seconds in times.items():
        baseline = ""
        if step in ("import json into a fresh database", BEFORE_STEP):
            verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
            baseline = f"< {TARGET_SECONDS:.0f} s for 10,000: {verdict}"
        lines.append(f"{step:<46}{seconds:>9.1f}   {baseline}")
    lines += [
        "",
        f"import rate: {count / import_time:,.0f} questions/s (Markdown rendered for every one)",
        f"every question identical in both databases, rendered HTML included: {'yes' if same else 'NO'}",
    ]
    if options.before:
        before_time = times[BEFORE_STEP]
        lines += [
            f"before = {commit_label(options.before)}; speed-up of the import: "
            f"{before_time / import_time:.1f}× (target ≥ 2×); its database identical too: "
            f"{'yes' if same_before else 'NO'}"
        ]
    print("\n".join(lines), flush=True)
    if options.output:
        options.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not same or (count >= 10_000 and import_time >= TARGET_SECONDS):
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--generate":
        generate(int(sys.argv[2]))
    else:
        main()
