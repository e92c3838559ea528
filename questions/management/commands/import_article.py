import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from questions import policies
from questions.exchange.articles import import_articles
from questions.exchange.conflicts import CONFLICT_CHOICES, FAIL, TAKE, ImportConflicts
from questions.exchange.parser import ParseError, apply_category_map, parse_articles
from questions.exchange.progress import Progress
from questions.models import Category, Question


class Command(BaseCommand):
    help = (
        "Import Q&A articles (Markdown laid out like fixtures/articles/*.txt, in Chinese or English) "
        "into the bank. All files are imported in one transaction: any error names the file and line "
        "and leaves the database as it was. Importing an article again updates it in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="article files (UTF-8 Markdown)")
        parser.add_argument(
            "--category-map",
            default="",
            metavar="KEY=SLUG,…",
            help="categories to use instead of the article's: KEY is a question number or a section "
            "heading, e.g. '4=coding,典型问题/面试题库=concept'",
        )
        parser.add_argument(
            "--status",
            choices=Question.Status.values,
            default=None,
            help="status of the imported questions (default: new questions are drafts, "
            "existing ones keep theirs)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change, save nothing")
        parser.add_argument("--author", metavar="USERNAME", help="credit new questions to this user")
        parser.add_argument(
            "--on-conflict",
            choices=CONFLICT_CHOICES,
            default=FAIL,
            help="a question edited in the admin since the article was last imported: keep the web "
            "edit, take the file's text, or fail listing them all, saving nothing (default)",
        )
        parser.add_argument(
            "--reason", default="", metavar="TEXT", help="why: kept with the revisions the import writes"
        )

    def handle(self, *args, paths, category_map, status, dry_run, author, on_conflict, reason, **options):
        articles = []
        for path in paths:
            if path.lower().endswith(".json"):
                raise CommandError(f"{path}: a JSON bank export; import it with `manage.py import_bank`")
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
            try:
                articles += parse_articles(data, origin=path)
            except ParseError as error:
                raise CommandError(f"{path}:{error.line}: {error.message}") from None
        apply_category_map(articles, self._category_map(category_map))

        total = sum(len(article.questions) for article in articles)
        progress = Progress(sys.stderr if options["verbosity"] else None, "questions", total)
        try:
            reports = import_articles(
                articles,
                user=policies.SYSTEM,
                status=status,
                author=self._author(author),
                dry_run=dry_run,
                on_question=progress.advance,
                on_conflict=on_conflict,
                reason=reason,
            )
        except ParseError as error:
            raise CommandError(f"{error.origin}:{error.line}: {error.message}") from None
        except ImportConflicts as conflicts:
            raise CommandError(
                "\n".join(
                    [
                        *conflicts.lines(),
                        _("Nothing was saved. Choose with --on-conflict=keep or --on-conflict=take."),
                    ]
                )
            ) from None
        progress.finish()

        for report in reports:
            self.stdout.write(report.summary())
            for warning in report.warnings():
                self.stderr.write(f"  {warning}")
            for _key, parsed, question in report.conflicts:
                verdict = _("took the file's text") if on_conflict == TAKE else _("kept the web edit")
                self.stderr.write(f"  {parsed.line}: “{question.title}”: {verdict}")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))

    def _category_map(self, raw: str) -> dict[str, str]:
        mapping = {}
        known = set(Category.objects.values_list("slug", flat=True))
        for item in filter(None, (part.strip() for part in raw.split(","))):
            key, sep, slug = item.rpartition("=")
            if not sep or not key.strip():
                raise CommandError(f"--category-map: “{item}” is not KEY=SLUG")
            key, slug = key.strip(), slug.strip()
            if slug not in known:
                choices = ", ".join(sorted(known))
                raise CommandError(f"--category-map: unknown category “{slug}” (use one of: {choices})")
            mapping[key] = slug
        return mapping

    def _author(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"--author: no user “{username}”") from None
