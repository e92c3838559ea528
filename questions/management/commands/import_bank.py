import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from questions import policies
from questions.exchange.bank_format import BankFormatError, load_document, record_line
from questions.exchange.bank_json import import_bank
from questions.exchange.foreign.archive import ImportLimits
from questions.exchange.foreign.problems import ImportProblems
from questions.exchange.foreign.read import FORMATS, detect_format, read_foreign
from questions.exchange.foreign.save import save_bank
from questions.exchange.parser import ParseError
from questions.exchange.progress import Progress
from questions.models import Question


class Command(BaseCommand):
    help = (
        "Import a bank: a qbank JSON export, a Q&A article, an Anki package (.apkg/.colpkg). "
        "The format is told from the content unless --format says. Everything is checked before "
        "anything is written: any problem is reported as file:location and nothing is saved. "
        "Importing the same file again updates what changed and leaves editors' changes alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="the file, or - for stdin")
        parser.add_argument("--format", choices=FORMATS, help="default: told from the content")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, save nothing")
        parser.add_argument(
            "--status",
            choices=Question.Status.values,
            default=None,
            help="status of imported questions (default: new ones are drafts, existing ones keep theirs)",
        )
        parser.add_argument("--reason", default="", metavar="TEXT", help="kept with the revisions written")
        parser.add_argument(
            "--mapping",
            metavar="FILE.json",
            help='what groups (decks, category paths) become, and which fields are which: {"category": '
            '"concept", "groups": {"Deck": "category:coding" | "tags" | "ignore"}, "fields": '
            '{"Basic": {"prompt": "Front", "answer": "Back"}}}',
        )

    def handle(self, *args, path, format, dry_run, status, reason, mapping, **options):
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            format = format or detect_format(data, path)
        except ImportProblems as error:
            raise CommandError("\n".join(error.lines(path))) from None
        if format == "article":
            return call_command(
                "import_article", path, status=status, dry_run=dry_run, reason=reason,
                stdout=self.stdout, stderr=self.stderr, verbosity=options["verbosity"],
            )  # fmt: skip
        if format == "json":
            return self._json(path, data, dry_run, options["verbosity"])
        progress = Progress(sys.stderr if options["verbosity"] else None, "questions", 0)
        try:
            bank, media = read_foreign(
                format, data, path, ImportLimits.from_settings(), self._mapping(mapping)
            )
            progress.total = len(bank.items)
            report = save_bank(
                bank, media, user=policies.SYSTEM, status=status, reason=reason,
                mapping=self._mapping(mapping), dry_run=dry_run, progress=progress,
            )  # fmt: skip
        except ImportProblems as error:
            raise CommandError("\n".join(error.lines(path))) from None
        except PermissionDenied:
            raise CommandError(_("%(path)s: not allowed") % {"path": path}) from None
        progress.finish()
        self.stdout.write(report.summary())
        if dry_run:
            for location, state, title, category in report.items:
                self.stdout.write(f"{path}:{location}: {state}: {title} [{category}]")
        for line in report.notes(path):
            self.stderr.write(line)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))

    @staticmethod
    def _mapping(path: str | None) -> dict:
        if not path:
            return {}
        try:
            mapping = json.loads(Path(path).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from None
        if not isinstance(mapping, dict):
            raise CommandError(f"{path}: " + _("the mapping must be a JSON object"))
        return mapping

    def _json(self, path, data, dry_run, verbosity):
        try:
            document = load_document(data)
        except ParseError as error:
            raise CommandError(f"{path}:{error.line}: {error.message}") from None
        except BankFormatError as error:
            raise CommandError(f"{path}: {error}") from None
        progress = Progress(sys.stderr if verbosity else None, "questions", len(document["questions"]))
        try:
            report = import_bank(document, user=policies.SYSTEM, dry_run=dry_run, progress=progress)
        except BankFormatError as error:
            # The import is one transaction: nothing was written.
            line = record_line(data.decode("utf-8-sig"), *error.record) if error.record else None
            raise CommandError(f"{path}{f':{line}' if line else ''}: {error}") from None
        progress.finish()
        self.stdout.write(report.summary())
        for warning in report.warnings():
            self.stderr.write(warning)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
