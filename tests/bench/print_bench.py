"""`make bench-print`: formulas and the print sheet (issue 23).

In a scratch database (tests/bench/harness.py: DEBUG off, dropped at the end):

- rendering a field of 15,000 characters (the limit) through
  `render_markdown()` (the budgeted child): prose with one formula per
  sentence, 200 formulas, and the hostile shapes of formulas, beside the
  same length of plain Markdown, against the render budget (1.5 s);
- the print sheet of a category of 250 questions (each with formulas and a
  code block: the sheet shows the first 200) and of a search, cold (page
  cache emptied) and warm, beside the category's own listing page, against
  the request budget (~2 s);
- one QR code image, drawn (the shared cache emptied) and kept.

Medians of --repeat requests, through Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python tests/bench/print_bench.py
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import harness  # noqa: E402  (after the path)

LIMIT = 15_000
RENDER_BUDGET_MS = 1500
REQUEST_BUDGET_MS = 2000
QUESTIONS = 250
ANSWER = (
    "Scaled attention is $$\\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$\n\n"
    "with $d_k$ the key size; RMSNorm is $\\frac{x}{\\sqrt{\\frac{1}{n}\\sum_{i=1}^{n} x_i^2 + \\epsilon}} \\odot g$.\n\n"
    "```python\nweights = torch.softmax(q @ k.T / math.sqrt(d_k), dim=-1)\n```\n"
)
TEXTS = {
    "plain Markdown (baseline)": ("Attention weighs **every** token by `q·k`. " * 400)[:LIMIT],
    "prose, a formula a sentence": ("Attention weighs $x_i$ by $\\frac{q \\cdot k}{\\sqrt{d}}$. " * 300)[
        :LIMIT
    ],
    "200 fractions (the count limit)": ("$\\frac{a_1^2}{\\sqrt{b}}+x$ " * 600)[:LIMIT],
    "8 formulas nested 900 braces deep": (("$" + "{" * 900 + "x" + "}" * 900 + "$ ") * 9)[:LIMIT],
    "12 matrices of 600 cells": (("$\\begin{matrix}" + "a&" * 600 + "\\end{matrix}$ ") * 13)[:LIMIT],
    "13 towers of 300 superscripts": (("$" + "a^{" * 300 + "b" + "}" * 300 + "$ ") * 14)[:LIMIT],
}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default 5)")
    harness.add_database_options(parser, "qbank_bench_print", keep=False)
    args = parser.parse_args()
    with harness.scratch_databases(harness.server_url(), args.database) as (bench_url,):
        harness.use(bench_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(_rendering(args.repeat))
        print()
        print(_pages(args.repeat))


def _median_ms(run, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _rendering(repeat: int) -> str:
    from questions.markdown import render_markdown

    render_markdown("warm up $x$")
    rows = [
        "| 15,000 characters of | render (child process) | formulas | budget |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, text in TEXTS.items():
        html = render_markdown(text)
        elapsed = _median_ms(lambda text=text: render_markdown(text), repeat)
        verdict = "met" if elapsed < RENDER_BUDGET_MS else "MISSED"
        rows.append(
            f"| {name} | {elapsed:.0f} ms | {html.count('<math')} | < {RENDER_BUDGET_MS} ms: {verdict} |"
        )
    return "\n".join(rows)


def _pages(repeat: int) -> str:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from tests.bench.timing import cold_and_warm, timed_get
    from tests.factories import QuestionFactory, category

    concept = category("concept")
    first = None
    for n in range(QUESTIONS):
        question = QuestionFactory(
            title=f"Attention question {n}",
            body=f"Why divide by $\\sqrt{{d_k}}$ ({n})?",
            answer=ANSWER,
            category=concept,
        )
        first = first or question
    client = Client(headers={"accept-language": "en"})
    rows = [
        "| page | cold | SQL (cold) | warm | queries | budget |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    pages = {
        "category listing /c/concept/ (baseline)": "/c/concept/",
        "print sheet /print/?category=concept (200 of 250)": "/print/?category=concept",
        "print sheet /print/?q=attention (200 of 250)": "/print/?q=attention",
    }
    for name, url in pages.items():
        cold, sql, warm, queries = cold_and_warm(client, connection, url, repeat)
        verdict = "met" if cold < REQUEST_BUDGET_MS else "MISSED"
        rows.append(
            f"| {name} | {cold:.0f} ms | {sql:.0f} ms | {warm:.1f} ms | {queries} | < {REQUEST_BUDGET_MS} ms: {verdict} |"
        )
    qr = f"/q/{first.slug}/qr.svg"

    def drawn():
        cache.clear()  # the shared cache that keeps the drawings
        timed_get(client, connection, qr)

    rows.append(
        f"| one QR code {qr} | {_median_ms(drawn, repeat):.1f} ms (drawn) | | "
        f"{_median_ms(lambda: timed_get(client, connection, qr), repeat):.1f} ms (kept) | 1 | |"
    )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
