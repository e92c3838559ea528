"""Who asked for the daily e-mail of their queues (opt-in: a row per
subscriber, gone with the account)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QueueDigestSubscription(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    subscribed_at = models.DateTimeField(_("subscribed"), default=timezone.now, editable=False)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("queue digest subscription")
        verbose_name_plural = _("queue digest subscriptions")

    def __str__(self) -> str:
        return str(self.user)
