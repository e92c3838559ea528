"""`make bench-practice`: database time of the practice pages at scale.

Creates a scratch database (dropped at the end unless --keep), migrates it,
COPYs a synthetic bank (bench/corpus.py) of 100,000 questions, and gives a
candidate 20,000 FSRS cards (the first 20,000 published questions in
reading order, as the queue would have introduced them) with 200,000 review
logs over the last year. A second learner holds the same 20,000 cards with
none due, so that the practice page must find the next *new* question past
everything seen. Then, through Django's test client (sessions, templates
and all), it times the database work of each request — the sum of its
queries' execution, from a connection execute_wrapper — p50 and p95 over
--repeat requests, beside the issue's targets:

- the practice page (pick the next card and render it): p95 ≤ 20 ms;
- grading (POST, each run a different due card): p95 ≤ 20 ms;
- the progress page: ≤ 100 ms;
- the interview plan (issue 19) for the candidate's ~5,000 cards of one
  category, 30 days ahead: ≤ 100 ms, database and Python (the plan is
  built in-process, not through a page, and timed wall-clock);
- key-point feedback (questions.keypoints.check.check_answer) on a
  10,000-character answer against 20 key points: p95 ≤ 20 ms of CPU time in
  process (no database), over --feedback-repeat answers. `--feedback-only`
  measures just that, without a database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/practice_bench.py
"""

import argparse
import html
import math
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402
from tests.bench.corpus import Corpus  # noqa: E402

TARGETS_MS = {"practice": 20, "grade": 20, "progress": 100, "plan": 100, "feedback": 20}
SEED = 11


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--logs", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests of each kind (default 50)")
    harness.add_database_options(parser, "qbank_bench_practice", reuse=True)
    parser.add_argument("--feedback-repeat", type=int, default=200, help="answers checked (default 200)")
    parser.add_argument("--feedback-only", action="store_true", help="time the key-point feedback alone")
    args = parser.parse_args()
    if args.feedback_only:
        harness.use(harness.server_url())  # settings need a URL; nothing connects
        print(_measure_feedback(args.feedback_repeat))
        return

    server = harness.server_url()
    with harness.scratch_databases(server, args.database, keep=args.keep, reuse=args.reuse) as (bench_url,):
        os.environ.setdefault("CONN_MAX_AGE", "0")
        harness.use(bench_url)
        from django.core.management import call_command

        started = time.perf_counter()
        if not args.reuse:
            call_command("migrate", verbosity=0)
            _load_questions(args.questions)
            _load_history(args.cards, args.logs)
        print(_measure(args.repeat, args.questions, args.cards, args.logs))
        print()
        print(_measure_feedback(args.feedback_repeat))
        print(f"\nTotal bench time {time.perf_counter() - started:.0f} s.")


def _log(message):
    print(message, file=sys.stderr, flush=True)


def _load_questions(size):
    """COPY the synthetic bank with triggers off (practice never reads the
    search documents, so they are not computed)."""
    from django.db import connection

    from questions.models import Category, Source

    started = time.perf_counter()
    categories = list(Category.objects.order_by("ordering").values_list("pk", flat=True))
    sources = [Source.objects.create(title=f"Benchmark article {i}").pk for i in range(20)]
    columns = (
        "id, title, slug, category_id, difficulty, body, answer, explanation, editor_note, "
        "body_html, answer_html, explanation_html, editor_note_html, status, source_id, "
        "source_position, created_at, updated_at, version, quality_issues"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        with cursor.cursor.copy(f"COPY questions_question ({columns}) FROM STDIN") as copy:
            for q in Corpus().questions(1, size + 1):
                source = sources[q["source"]] if q["source"] is not None else None
                copy.write_row(
                    (
                        q["id"], q["title"], f"bench-{q['id']}", categories[q["category"]],
                        q["difficulty"], q["body"], q["answer"], q["explanation"], "",
                        _html(q["body"]), _html(q["answer"]), _html(q["explanation"]), "",
                        q["status"], source, q["id"] if source else None,
                        q["created_at"], q["created_at"], 1, [],
                    )
                )  # fmt: skip
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("SELECT setval(pg_get_serial_sequence('questions_question', 'id'), %s)", [size])
        cursor.execute("VACUUM ANALYZE questions_question")
    _log(f"{size:,} questions copied in {time.perf_counter() - started:.0f} s")


def _html(text: str) -> str:
    # Stands in for rendered Markdown: the page prints it as it would.
    return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n") if part)


def _load_history(cards, logs):
    from django.conf import settings
    from django.db import connection

    from practice.models import Card
    from questions.models import Question
    from tests.factories import UserFactory

    started = time.perf_counter()
    rng = random.Random(SEED)
    now = datetime.now(UTC)
    candidate = UserFactory(username="candidate")
    newcomer = UserFactory(username="newcomer")  # same cards, none due: the next one is new
    seen = list(Question.objects.published().in_reading_order().values_list("pk", flat=True)[:cards])
    logs_per_card = max(1, logs // cards)
    card_rows, log_rows = [], []
    for number, question_id in enumerate(seen, 1):
        times = sorted(now - timedelta(days=rng.uniform(0, 365)) for _ in range(logs_per_card))
        stability = math.exp(rng.gauss(2.5, 1.2))
        # About one card in twenty due now, some of them long overdue.
        due = (
            now - timedelta(days=rng.uniform(0, 30))
            if rng.random() < 0.05
            else now + timedelta(days=rng.uniform(0.1, 120))
        )
        state = Card.State.REVIEW if rng.random() < 0.9 else Card.State.RELEARNING
        step = None if state == Card.State.REVIEW else 0
        difficulty = rng.uniform(1, 10)
        card_rows.append(
            (number, candidate.pk, question_id, state, step, stability, difficulty, due, times[-1], times[0])
        )
        card_rows.append(
            (cards + number, newcomer.pk, question_id, state, step, stability, difficulty,
             now + timedelta(days=rng.uniform(0.1, 120)), times[-1], times[0])
        )  # fmt: skip
        previous = None
        for moment in times:
            elapsed = int((moment - previous).total_seconds()) if previous else None
            rating = rng.choices((1, 2, 3, 4), weights=(10, 15, 60, 15))[0]
            log_rows.append(
                (number, candidate.pk, question_id, rating, moment, elapsed, rng.randint(2000, 90000))
            )
            previous = moment
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = "id, user_id, question_id, state, step, stability, difficulty, due, last_review, created_at"
        with raw.copy(f"COPY practice_card ({columns}) FROM STDIN") as copy:
            for row in card_rows:
                copy.write_row(row)
        columns = "card_id, user_id, question_id, rating, reviewed_at, elapsed_seconds, duration_ms"
        with raw.copy(f"COPY practice_reviewlog ({columns}) FROM STDIN") as copy:
            for row in log_rows:
                copy.write_row(row)
        # The per-day counts every grade keeps, derived from the log once.
        cursor.execute(
            """
            INSERT INTO practice_reviewday (user_id, day, reviews)
            SELECT user_id, (reviewed_at AT TIME ZONE %s)::date, count(*)
            FROM practice_reviewlog GROUP BY 1, 2
            """,
            [settings.TIME_ZONE],
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('practice_card', 'id'), %s)", [2 * cards])
        cursor.execute("VACUUM ANALYZE practice_card")
        cursor.execute("VACUUM ANALYZE practice_reviewlog")
        cursor.execute("VACUUM ANALYZE practice_reviewday")
    _log(
        f"{2 * cards:,} cards and {len(log_rows):,} review logs copied in {time.perf_counter() - started:.0f} s"
    )


class DatabaseTimer:
    """Sums the execution time of every query run while it is installed."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def _timed(client_call):
    from django.db import connection

    timer = DatabaseTimer()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        response = client_call()
    wall = time.perf_counter() - started
    assert response.status_code in (200, 302), response.status_code
    return timer.seconds * 1000, wall * 1000, timer.queries, response


def _measure(repeat, questions, cards, logs):
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from practice.models import Card, ReviewLog

    candidate = User.objects.get(username="candidate")
    newcomer = User.objects.get(username="newcomer")
    clients = {}
    for user in (candidate, newcomer):
        clients[user.username] = Client()
        clients[user.username].force_login(user)

    rows = []

    def run(label, target_key, call, times=repeat):
        for _ in range(3):  # warm the caches
            call()
        db, wall, queries = [], [], 0
        for _ in range(times):
            d, w, queries, _response = _timed(call)
            db.append(d)
            wall.append(w)
        rows.append((label, target_key, db, wall, queries))

    practice = reverse("practice:home")
    run("practice page, a due card", "practice", lambda: clients["candidate"].get(practice))
    run(
        "practice page, ?category=coding",
        "practice",
        lambda: clients["candidate"].get(practice + "?category=coding"),
    )
    run(
        f"practice page, next new card past {cards:,} seen",
        "practice",
        lambda: clients["newcomer"].get(practice),
    )

    due = list(
        Card.objects.filter(user=candidate, due__lte=datetime.now(UTC))
        .order_by("due")
        .values_list("question_id", flat=True)[: repeat + 3]
    )
    grades = iter(due)
    run(
        "grade a due card (POST)",
        "grade",
        lambda: clients["candidate"].post(reverse("practice:grade"), {"question": next(grades), "rating": 3}),
    )
    run("progress page", "progress", lambda: clients["candidate"].get(reverse("practice:progress")))

    plan_label, plan_times = _plan_times(candidate, repeat)

    total_logs = ReviewLog.objects.filter(user=candidate).count()
    lines = [
        f"practice bench: {questions:,} questions, a candidate with {cards:,} cards and "
        f"{total_logs:,} review logs; database time per request over {repeat} requests",
        "",
        f"{'request':<46} {'queries':>7} {'db min':>8} {'db p50':>8} {'db p95':>8} {'target':>8} {'wall p50':>9}  ok",
    ]
    for label, key, db, wall, queries in rows:
        p95 = _percentile(db, 95)
        ok = "yes" if p95 <= TARGETS_MS[key] else "NO"
        lines.append(
            f"{label:<46} {queries:>7} {min(db):>6.1f}ms {statistics.median(db):>6.1f}ms {p95:>6.1f}ms "
            f"{'≤' + str(TARGETS_MS[key]) + 'ms':>8} {statistics.median(wall):>7.1f}ms  {ok}"
        )
    p95 = _percentile(plan_times, 95)
    lines.append(
        f"{plan_label:<46} {'':>7} {min(plan_times):>6.1f}ms {statistics.median(plan_times):>6.1f}ms {p95:>6.1f}ms "
        f"{'≤' + str(TARGETS_MS['plan']) + 'ms':>8} {'(wall)':>9}  {'yes' if p95 <= TARGETS_MS['plan'] else 'NO'}"
    )
    load = os.getloadavg()
    lines.append("")
    lines.append(
        f"Load average during the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs "
        "(the database shares them: a loaded machine inflates every figure)."
    )
    return "\n".join(lines)


def _plan_times(candidate, repeat):
    """Wall time of building the interview plan for the candidate's cards
    of the category that holds closest to 5,000 of them."""
    from django.db.models import Count
    from django.utils import timezone

    from practice import interview_plan
    from practice.models import Card
    from practice.owners import Owner
    from practice.preferences import Preferences

    per_category = (
        Card.objects.filter(user=candidate)
        .values("question__category__slug")
        .annotate(count=Count("pk"))
        .values_list("question__category__slug", "count")
    )
    slug, count = min(per_category, key=lambda row: abs(row[1] - 5_000))
    preferences = Preferences(
        interview_date=timezone.localdate() + timedelta(days=30), interview_categories=(slug,)
    )
    owner = Owner(user_id=candidate.pk)
    times = []
    for i in range(repeat + 3):
        started = time.perf_counter()
        plan = interview_plan.build(owner, preferences, timezone.now())
        if i >= 3:  # the first ones warm the caches
            times.append((time.perf_counter() - started) * 1000)
    assert plan is not None
    assert plan.days
    return f"interview plan, {count:,} cards in scope", times


def _feedback_case(rng):
    """20 key points (4 phrasings each, a third essential) and a
    10,000-character answer of mixed Chinese, traditional characters,
    full-width and plain English that covers about half of them."""
    from questions.keypoints.points import KeyPoint

    han = "模型训练数据注意力机制参数优化评估推理部署分布式梯度学习率批量归一化編碼器解碼器資料"
    words = ["attention", "weights", "scaled", "gradient", "training", "ＧＰＵ", "tokens", "layers", "loss"]
    points = []
    for n in range(20):
        phrasings = (
            "".join(rng.choice(han) for _ in range(3)),
            f"{rng.choice(words)} {rng.choice(words)}",
            f"term{n} words",
            "".join(rng.choice(han) for _ in range(2)) + rng.choice(words),
        )
        points.append(
            KeyPoint(f"要点 {n}：" + "".join(rng.choice(han) for _ in range(6)), phrasings, n % 3 == 0)
        )
    pieces, length = [], 0
    while length < 10_000:
        piece = (
            "".join(rng.choice(han) for _ in range(rng.randint(4, 20)))
            if rng.random() < 0.6
            else " ".join(rng.choice(words) for _ in range(rng.randint(2, 8)))
        ) + rng.choice("，。；, . ")
        if rng.random() < 0.05:
            piece += f" term{rng.randint(0, 39)} words "
        pieces.append(piece)
        length += len(piece)
    return points, "".join(pieces)[:10_000]


def _measure_feedback(repeat):
    from questions.keypoints.check import check_answer

    rng = random.Random(SEED)
    cases = [_feedback_case(rng) for _ in range(10)]
    for points, text in cases:  # warm: OpenCC's dictionaries, the stemmer
        check_answer(points, text)
    # CPU time (the checker never waits): on a shared, loaded machine the
    # wall clock also counts time spent waiting for a CPU, shown beside it.
    times, wall, covered = [], [], []
    for index in range(repeat):
        points, text = cases[index % len(cases)]
        started, started_wall = time.process_time(), time.perf_counter()
        feedback = check_answer(points, text)
        times.append((time.process_time() - started) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
        covered.append(feedback.covered)
    p95 = _percentile(times, 95)
    ok = "yes" if p95 <= TARGETS_MS["feedback"] else "NO"
    load = os.getloadavg()
    return "\n".join(
        [
            f"key-point feedback: a 10,000-character answer against 20 key points, {repeat} answers "
            f"(median {statistics.median(covered):.0f} of 20 covered); CPU time in process",
            "",
            f"{'work':<46} {'cpu min':>8} {'cpu p50':>8} {'cpu p95':>8} {'target':>8} {'wall p50':>9}  ok",
            f"{'check_answer()':<46} {min(times):>6.1f}ms {statistics.median(times):>6.1f}ms {p95:>6.1f}ms "
            f"{'≤' + str(TARGETS_MS['feedback']) + 'ms':>8} {statistics.median(wall):>7.1f}ms  {ok}",
            "",
            f"Load average: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs.",
        ]
    )


def _percentile(values, percent):
    ordered = sorted(values)
    index = min(len(ordered) - 1, math.ceil(percent / 100 * len(ordered)) - 1)
    return ordered[index]


if __name__ == "__main__":
    main()
