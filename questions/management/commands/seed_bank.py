import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from questions.models import Source


class Command(BaseCommand):
    help = (
        "Load the seed article fixture unless it is already in the database. "
        "Safe to run on every start: editors' changes to seeded questions are never overwritten "
        "(use `loaddata seed_article` to reset them on purpose)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default="seed_article")

    def handle(self, *args, fixture, **options):
        path = settings.FIXTURE_DIRS[0] / f"{fixture}.json"
        with path.open(encoding="utf-8") as f:
            records = json.load(f)
        slugs = {r["fields"]["slug"] for r in records if r["model"] == "questions.source"}
        if slugs and Source.objects.filter(slug__in=slugs).count() == len(slugs):
            self.stdout.write(f"Seed '{fixture}' is already loaded; leaving it as it is.")
            return
        call_command("loaddata", fixture, verbosity=options["verbosity"])
        # Each row was checked as it was loaded, before the rows it links to.
        call_command("check_quality", stdout=self.stdout)
