"""How much a process's memory grows while it builds a download, for
`make bench-http`: run in a child process of its own (a fresh interpreter,
as a worker is), on the bench's database (the environment it inherits).

- each category download (Markdown and Anki) through Django's whole stack,
  built afresh (its category's version moved), read to its end;
- the whole published bank (100,000 questions at that size) in each format,
  written question by question from the same server-side cursor.

Growth is the peak resident set while building (VmHWM, reset before each
build through /proc/self/clear_refs) less the resident set just before.

    python -m tests.bench.download_memory   → one line of JSON
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _growth_mb(build) -> tuple[float, int]:
    """(MB the peak resident set grew by while `build()` ran, its result)."""
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = _status_kb("VmRSS")
    result = build()
    return (_status_kb("VmHWM") - before) / 1024, result


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import translation

    from questions.exchange import anki, markdown_export
    from questions.models import Category, Question
    from questions.public.downloads import ANKI_FIELDS, CHUNK_SIZE, MARKDOWN_FIELDS

    client = Client(headers={"accept-language": "zh-hans"})
    client.get("/bench/ok")  # the stack loaded before anything is measured
    biggest = Category.objects.order_by("-published_count").first()
    results = {}

    def download(url):
        with connection.cursor() as cursor:  # as a change of the category does
            cursor.execute(
                "UPDATE questions_category SET published_version = published_version + 1 WHERE id = %s",
                [biggest.pk],
            )
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        return size

    for name, suffix in (("Markdown", "md"), ("Anki", "anki.txt")):
        growth, size = _growth_mb(lambda suffix=suffix: download(f"/c/{biggest.slug}/export.{suffix}"))
        results[
            f"category {biggest.slug} {name} ({biggest.published_count:,} questions, {size / 1e6:.0f} MB)"
        ] = growth

    count = Question.objects.published().count()
    with open(os.devnull, "w") as sink, translation.override("zh-hans"):
        for name, pieces, fields in (
            ("Markdown", markdown_export.markdown_pieces, MARKDOWN_FIELDS),
            ("Anki", anki.anki_pieces, ANKI_FIELDS),
        ):

            def whole(pieces=pieces, fields=fields):
                questions = Question.objects.published().for_download(fields).iterator(chunk_size=CHUNK_SIZE)
                return sum(sink.write(piece) for piece in pieces(questions))

            growth, size = _growth_mb(whole)
            results[f"whole bank {name} ({count:,} questions, {size / 1e6:.0f} M characters)"] = growth
    print(json.dumps(results))


if __name__ == "__main__":
    main()
