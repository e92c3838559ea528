from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from questions.tasks.rendering import enqueue_rerender, rerender_everything


class Command(BaseCommand):
    help = (
        "Render the stored HTML of every question and source again from its Markdown, after the "
        "renderer or its rules changed (say MARKDOWN_IMAGE_HOSTS). Text, versions and revisions are "
        "left as they are: only the derived HTML changes. A text too slow to render keeps its old "
        "HTML and is listed. Queued as a job for the worker (its progress in the admin's jobs), "
        "or run here with --now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="render here and now rather than in a job")

    def handle(self, *args, now, **options):
        if not now:
            job, created = enqueue_rerender()
            message = _("Queued as job %(id)s.") if created else _("Job %(id)s is already doing it.")
            self.stdout.write(message % {"id": job.pk})
            return
        summary, slow = rerender_everything()
        for line in summary:
            self.stdout.write(line)
        for line in slow:
            self.stderr.write(line)
