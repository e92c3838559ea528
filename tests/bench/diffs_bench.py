"""`make bench-diffs`: the history and compare pages of issue 18's diff pair.

An editor saves a draft whose answer is "a\\n" × N, then "a\\nb\\n" × N/2 (both
within the length limits). difflib's line diff took 1.5 s at N = 500, 13 s at
1,000 and 122 s at 2,000, and the pages answered 500 after 30 s. The diff now
stops at its budget (questions/editorial/diffs.py) and marks the rest whole.

In a scratch database (tests/bench/harness.py: DEBUG off, dropped at the end), a publisher opens the question's
history page and its compare page (the two revisions) through Django's test
client; medians of --repeat requests, beside the issue's baseline and the
target (< 0.5 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qbank .venv/bin/python tests/bench/diffs_bench.py
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402  (after the path)

BASELINE_S = {500: 1.5, 1000: 13, 2000: 122}  # the line diff alone, issue 18
TARGET_S = 0.5


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed requests of each page (default 5)")
    harness.add_database_options(parser, "qbank_bench_diffs", keep=False)
    args = parser.parse_args()

    with harness.scratch_databases(harness.server_url(), args.database) as (bench_url,):
        harness.use(bench_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(_measure(args.repeat))


def _measure(repeat: int) -> str:
    from django.contrib.auth.models import Group
    from django.test import Client

    from questions.roles import PUBLISHER
    from tests.factories import DraftFactory, StaffFactory

    publisher = StaffFactory(username="bench-publisher")
    publisher.groups.add(Group.objects.get(name=PUBLISHER))
    client = Client(headers={"accept-language": "en"})
    client.force_login(publisher)
    rows = [
        "| lines N | history page | compare page | issue's baseline (line diff) | target |",
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    for lines, baseline in BASELINE_S.items():
        question = DraftFactory(answer="a\n" * lines)
        question.answer = "a\nb\n" * (lines // 2)
        question.save()
        base = f"/admin/questions/question/{question.pk}/history/"
        history, compare = (_median(client, url, repeat) for url in (base, base + "compare/"))
        verdict = "met" if max(history, compare) < TARGET_S else "MISSED"
        rows.append(
            f"| {lines:,} | {history:.2f} s | {compare:.2f} s | {baseline} s | < {TARGET_S} s: {verdict} |"
        )
    return "\n".join(rows)


def _median(client, url: str, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


if __name__ == "__main__":
    main()
