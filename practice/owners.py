"""Who practises: an account, or a browser session before signing in.

A guest is named by a random id kept in the session's data (not the session
key, which Django cycles at login) so that the guest's practice can still be
found when the `user_logged_in` signal moves it to the account.
"""

import uuid
from dataclasses import dataclass

GUEST_SESSION_KEY = "practice_guest"
# A guest's daily limit of new questions (an account keeps it in PracticeSettings).
GUEST_SETTINGS_KEY = "practice_daily_new"


@dataclass(frozen=True)
class Owner:
    user_id: int | None = None
    guest_key: uuid.UUID | None = None

    def columns(self) -> dict:
        """The owner column of a practice row, to filter or to create by (a
        check constraint keeps the other one NULL, so filters leave it out
        and the partial indexes on `user_id` serve them)."""
        if self.user_id is not None:
            return {"user_id": self.user_id}
        return {"guest_key": self.guest_key}

    def assignment(self) -> dict:
        """Both owner columns, to move rows to this owner with update()."""
        return {"user_id": self.user_id, "guest_key": self.guest_key}

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


def guest_key_of(session) -> uuid.UUID | None:
    raw = session.get(GUEST_SESSION_KEY)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except (TypeError, ValueError):
        return None


def owner_for(request, *, create: bool = False) -> Owner | None:
    """The request's owner: its user, or its session's guest. A guest id is
    made only when `create` (the first write), so reading pages stores nothing."""
    user = request.user
    if user.is_authenticated:
        return Owner(user_id=user.pk)
    key = guest_key_of(request.session)
    if key is None:
        if not create:
            return None
        key = uuid.uuid4()
        request.session[GUEST_SESSION_KEY] = str(key)
    return Owner(guest_key=key)


def owner_of(user_or_session) -> Owner | None:
    """The owner for a user or a session (for callers without a request)."""
    if getattr(user_or_session, "is_authenticated", False):
        return Owner(user_id=user_or_session.pk)
    if hasattr(user_or_session, "get"):
        key = guest_key_of(user_or_session)
        return Owner(guest_key=key) if key else None
    return None
