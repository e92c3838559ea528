from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The project's own user model, in place from the first migration so that
    profile fields can be added later without swapping AUTH_USER_MODEL.

    Every other app's rows that belong to a user point here with
    on_delete=CASCADE (or SET_NULL for shared work such as questions written),
    so deleting the account deletes its data; see accounts/personal_data.py."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ThrottledRequest(models.Model):
    """One request of a rate-limited kind (sign-up, password-reset e-mail)
    from one client address. Rows older than the window are pruned as new
    ones arrive, so the table stays as small as the traffic of one hour."""

    action = models.CharField(_("action"), max_length=32)
    ip_address = models.GenericIPAddressField(_("IP address"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("throttled request")
        verbose_name_plural = _("throttled requests")
        indexes = [
            # throttle.allow(): count one action's requests from one address since a time.
            models.Index(fields=["action", "ip_address", "at"], name="throttle_count_idx"),
            # throttle.allow(): prune everything older than the window.
            models.Index(fields=["at"], name="throttle_prune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} from {self.ip_address} at {self.at:%Y-%m-%d %H:%M}"
