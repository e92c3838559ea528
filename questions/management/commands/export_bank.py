import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from questions.exchange import anki, apkg, bank_json, markdown_export, moodle
from questions.exchange.progress import Progress
from questions.models import Category, Question


class Command(BaseCommand):
    help = (
        "Export questions: json (lossless; `import_bank` reads it back), markdown (one article per "
        "source, in the layout `import_article` reads), anki (tab-separated Basic notes) or moodle "
        "(Moodle XML essay questions). OUT is a file, - for stdout, or for markdown a directory "
        "(one file per article)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT")
        parser.add_argument("--format", required=True, choices=["json", "markdown", "apkg", "anki", "moodle"])
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            metavar="SLUG",
            help="only these categories (repeatable)",
        )
        parser.add_argument(
            "--status",
            choices=[*Question.Status.values, "all"],
            default="all",
            help="only questions with this status (default: all)",
        )

    def handle(self, *args, out, format, category, status, **options):
        questions = Question.objects.all()
        if category:
            known = set(Category.objects.filter(slug__in=category).values_list("slug", flat=True))
            if unknown := set(category) - known:
                raise CommandError(f"--category: unknown {', '.join(sorted(unknown))}")
            questions = questions.filter(category__slug__in=category)
        if status != "all":
            questions = questions.filter(status=status)
        progress = Progress(sys.stderr if options["verbosity"] else None, "questions", questions.count())

        if format == "markdown" and (out.endswith(os.sep) or Path(out).is_dir()):
            count = self._markdown_files(questions.for_export(), Path(out))
            self.stdout.write(_("Wrote %(count)s articles to %(out)s") % {"count": count, "out": out})
            return

        def write(stream):
            if format == "json":
                complete = not category and status == "all"
                return bank_json.dump_bank(questions, stream, complete=complete, progress=progress)
            if format == "markdown":
                return markdown_export.write_markdown(
                    questions.for_export().iterator(chunk_size=1000), stream
                )
            writer = anki.write_anki if format == "anki" else moodle.write_moodle
            return writer(questions.for_export().iterator(chunk_size=1000), stream, progress=progress)

        if format == "apkg":
            if out == "-":
                raise CommandError(_("an .apkg is written to a file, not to stdout"))
            _write_atomically(
                Path(out),
                lambda stream: apkg.write_apkg(
                    questions.for_export().iterator(chunk_size=1000), stream, progress=progress
                ),
                binary=True,
            )
        elif out == "-":
            write(_Unterminated(self.stdout))
        else:
            _write_atomically(Path(out), write)
        progress.finish()
        if out != "-":
            message = _("Exported %(count)s questions as %(format)s to %(out)s")
            self.stderr.write(message % {"count": f"{progress.total:,}", "format": format, "out": out})

    def _markdown_files(self, questions, directory: Path) -> int:
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        # One article in memory at a time.
        for count, (name, text) in enumerate(  # noqa: B007
            markdown_export.iter_articles(questions.iterator(chunk_size=1000)), 1
        ):
            _write_atomically(directory / f"{name}.md", lambda stream, text=text: stream.write(text))
        return count


class _Unterminated:
    """The command's stdout for writers that write in pieces (json, csv):
    `OutputWrapper.write` would end every piece with a newline."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


def _write_atomically(path: Path, write, *, binary: bool = False) -> None:
    """Write through a temporary file renamed into place, so a failed export
    never leaves half a file where a good one was."""
    try:
        mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
        with tempfile.NamedTemporaryFile(
            **mode, dir=path.parent or ".", prefix=f".{path.name}.", delete=False
        ) as stream:
            try:
                write(stream)
            except BaseException:
                os.unlink(stream.name)
                raise
        os.chmod(stream.name, 0o644)
        os.replace(stream.name, path)
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None
