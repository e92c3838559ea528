from django.core.management.base import BaseCommand
from django.db import transaction

from questions.models import Question, public_link_targets
from questions.quality.checks import issue_codes


class Command(BaseCommand):
    help = (
        "Run the quality checks of every question again and store what they find (the admin's "
        "“needs attention” filter). Saves keep each question's own findings current; run this after "
        "an upgrade, and now and then for links whose target was unpublished or renamed since."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        targets = public_link_targets()  # each linked slug is looked up once for the whole bank
        fields = [
            "pk",
            "explanation",
            *Question.MARKDOWN_FIELDS,
            *(f"{f}_html" for f in Question.MARKDOWN_FIELDS),
        ]
        checked = changed = 0
        last_pk = 0
        while True:
            batch = list(
                Question.objects.filter(pk__gt=last_pk)
                .order_by("pk")
                .only(*fields, "quality_issues")[:batch_size]
            )
            if not batch:
                break
            stale = []
            for question in batch:
                codes = issue_codes(question.quality_findings(targets))
                if codes != question.quality_issues:
                    question.quality_issues = codes
                    stale.append(question)
            # Only the findings are written: no new version, no revision
            # (nothing an editor wrote has changed).
            with transaction.atomic():
                Question.objects.bulk_update(stale, ["quality_issues"])
            checked += len(batch)
            changed += len(stale)
            last_pk = batch[-1].pk
        needing = Question.objects.needing_attention().count()
        self.stdout.write(f"Checked {checked} questions: {changed} changed; {needing} need attention.")
