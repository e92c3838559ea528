"""Personal API tokens: a candidate reads their own practice through the API
with `Authorization: Bearer <token>`. Only a hash of the token is kept; the
token itself is shown once, when it is made (api/tokens.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TOKEN_NAME_LENGTH = 100


class ApiTokenQuerySet(models.QuerySet):
    def of(self, user):
        """A person's tokens, newest first."""
        return self.filter(user=user).order_by("-created_at", "-pk")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=MAX_TOKEN_NAME_LENGTH)
    # The token's first characters, to tell tokens apart on the account page:
    # too few to guess the rest from.
    prefix = models.CharField(_("starts with"), max_length=12)
    # SHA-256 of the whole token, hex. The token holds 256 random bits, so a
    # plain hash cannot be reversed by trying guesses (no salt needed) and is
    # what a request's token is looked up by.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
