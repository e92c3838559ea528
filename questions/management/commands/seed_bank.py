import json

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from questions.editorial.acknowledgements import acknowledge_seed
from questions.editorial.revisions import one_revision
from questions.models import Question, Source, Tag, unique_slug

# The editors' key points for the seed questions: an addition of theirs, kept
# apart from the article's verbatim text (fixtures/editorial/).
SEED_KEY_POINTS = "editorial/seed_key_points.json"
KEY_POINTS_REASON = "Key points written by the editors (not in the article)"
# Their tags likewise: a fresh install's tag pages and tag cloud are not empty.
SEED_TAGS = "editorial/seed_tags.json"
TAGS_REASON = "Tags chosen by the editors (not in the article)"
# Their acknowledgements of the checks the verbatim article cannot pass.
SEED_ACKNOWLEDGEMENTS = "editorial/seed_acknowledgements.json"


def add_seed_key_points(path) -> int:
    """Give each seeded question its editors' key points, unless it ever had
    key points: an editor's own, or an editor's removal, is never undone.
    Saved like an edit (a revision, the version moved on). Returns how many."""
    with path.open(encoding="utf-8") as f:
        by_slug = json.load(f)["key_points"]
    added = 0
    for question in Question.objects.filter(slug__in=by_slug, key_points=""):
        if question.history.exclude(key_points="").exists():
            continue
        question.key_points = by_slug[question.slug]
        question.full_clean(validate_unique=False, validate_constraints=False)
        question._change_reason = KEY_POINTS_REASON
        question.save()
        added += 1
    return added


def _tag_named(name: str) -> Tag:
    tag = Tag.objects.filter(name=name).first()
    return tag or Tag.objects.create(name=name, slug=unique_slug(Tag, name))


def add_seed_tags(path) -> int:
    """Give each seeded question its editors' tags, unless it ever had tags
    (an editor's choice, or their removal, is never undone). One revision
    holding the tags, as an edit would. Returns how many."""
    with path.open(encoding="utf-8") as f:
        by_slug = json.load(f)["tags"]
    ever_tagged = set(
        apps.get_model("questions", "HistoricalQuestion_tags")
        .objects.filter(history__slug__in=by_slug)
        .values_list("history__id", flat=True)
    )
    added = 0
    for question in Question.objects.filter(slug__in=by_slug).exclude(pk__in=ever_tagged):
        if question.tags.exists():
            continue
        tags = [_tag_named(name) for name in by_slug[question.slug]]
        question._change_reason = TAGS_REASON
        with one_revision(question):
            question.save()
            question.tags.set(tags)
        added += 1
    return added


def add_seed_acknowledgements(path) -> int:
    """Acknowledge the checks the editors accepted on seeded questions (each
    unless that question ever had one of its kind). Returns how many."""
    with path.open(encoding="utf-8") as f:
        entries = json.load(f)["acknowledgements"]
    questions = Question.objects.in_bulk([e["slug"] for e in entries], field_name="slug")
    return sum(
        acknowledge_seed(questions[e["slug"]], e["issue"], e["reason"])
        for e in entries
        if e["slug"] in questions
    )


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
        else:
            call_command("loaddata", fixture, verbosity=options["verbosity"])
            # Each row was checked as it was loaded, before the rows it links to.
            call_command("check_quality", stdout=self.stdout)
        if fixture == "seed_article":
            added = add_seed_key_points(settings.FIXTURE_DIRS[0] / SEED_KEY_POINTS)
            if added:
                self.stdout.write(f"Added the editors' key points to {added} seed questions.")
            tagged = add_seed_tags(settings.FIXTURE_DIRS[0] / SEED_TAGS)
            if tagged:
                self.stdout.write(f"Added the editors' tags to {tagged} seed questions.")
            acknowledged = add_seed_acknowledgements(settings.FIXTURE_DIRS[0] / SEED_ACKNOWLEDGEMENTS)
            if acknowledged:
                self.stdout.write(f"Acknowledged {acknowledged} quality checks on seed questions.")
