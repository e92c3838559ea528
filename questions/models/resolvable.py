"""What review items share (review comments, candidates' reports): an item
is open until someone resolves it, and is kept afterwards with who resolved
it and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResolvableQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Resolvable(models.Model):
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    def mark_resolved(self, user) -> None:
        """Sets who resolved it, now (the caller saves `resolved_at` and `resolved_by`)."""
        self.resolved_at = timezone.now()
        self.resolved_by = user
