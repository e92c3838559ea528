import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from questions import policies
from questions.exchange.bank_format import BankFormatError, load_document, record_line
from questions.exchange.bank_json import import_bank
from questions.exchange.parser import ParseError
from questions.exchange.progress import Progress


class Command(BaseCommand):
    help = (
        "Load a JSON export (`export_bank --format json`) into the bank, in one transaction. "
        "Rows are matched on their slugs: existing ones are updated, the rest created."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="a qbank JSON export, or - for stdin")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, save nothing")

    def handle(self, *args, path, dry_run, **options):
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            document = load_document(data)
        except ParseError as error:
            raise CommandError(f"{path}:{error.line}: {error.message}") from None
        except BankFormatError as error:
            raise CommandError(f"{path}: {error}") from None

        progress = Progress(
            sys.stderr if options["verbosity"] else None, "questions", len(document["questions"])
        )
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
