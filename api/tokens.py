"""Making, using and revoking personal API tokens (the only writes of the
api app; each is a person acting on their own tokens)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ApiToken

PREFIX = "qbk_"
# Long enough that a token is never guessed; bounded so a header is cheap to hash.
MAX_TOKEN_LENGTH = 100
# last_used_at is written at most this often per token: a busy script would
# otherwise write a row with every read.
LAST_USED_PRECISION = timedelta(hours=1)


class TooManyTokens(Exception):
    pass


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`, and its secret text: the only time it exists
    outside the person's hands. At most API_TOKENS_PER_USER each."""
    if ApiToken.objects.filter(user=user).count() >= settings.API_TOKENS_PER_USER:
        raise TooManyTokens
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=secret[:8], digest=_digest(secret))
    return token, secret


def revoke_token(user, token_id: int) -> bool:
    """Delete one of `user`'s own tokens; False if they have none by that id
    (someone else's token is never touched)."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def user_for_token(secret: str):
    """The active user a token belongs to, or None (unknown, revoked, or the
    account deactivated)."""
    if not secret or len(secret) > MAX_TOKEN_LENGTH or not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(secret)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def export_tokens(user) -> dict:
    """The personal-data export's section: the tokens' names and dates, never
    their hashes."""
    return {
        "tokens": [
            {
                "name": token.name,
                "starts_with": token.prefix,
                "created_at": token.created_at.isoformat(),
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            }
            for token in ApiToken.objects.of(user)
        ]
    }
