from django.core.management.base import BaseCommand
from django.db import transaction

from questions.markdown import MarkdownTooSlow
from questions.models import Question, Source

BATCH = 200


class Command(BaseCommand):
    help = (
        "Render the stored HTML of every question and source again from its Markdown, after the "
        "renderer or its rules changed (say MARKDOWN_IMAGE_HOSTS). Text, versions and revisions are "
        "left as they are: only the derived HTML changes. A text too slow to render keeps its old "
        "HTML and is listed."
    )

    def handle(self, *args, **options):
        for model in (Question, Source):
            changed, slow = self._rerender(model)
            name = model._meta.verbose_name_plural
            self.stdout.write(f"{name}: {changed} rendered again")
            for slug in slow:
                self.stderr.write(f"{name}: “{slug}” takes too long to render; its old HTML was kept")

    def _rerender(self, model) -> tuple[int, list[str]]:
        html_fields = [f"{name}_html" for name in model.MARKDOWN_FIELDS]
        changed, slow = 0, []
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            batch = []
            for obj in model.objects.filter(pk__in=pks[start : start + BATCH]).only(
                "slug", *model.MARKDOWN_FIELDS, *html_fields
            ):
                before = [getattr(obj, field) for field in html_fields]
                try:
                    obj.render()
                except MarkdownTooSlow:
                    slow.append(obj.slug)
                    continue
                if [getattr(obj, field) for field in html_fields] != before:
                    batch.append(obj)
            with transaction.atomic():
                model.objects.bulk_update(batch, html_fields)
            changed += len(batch)
        return changed, slow
