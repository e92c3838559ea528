"""Everything qbank keeps about one person: exported on request, erased with
the account.

Apps contribute without accounts importing them: in their AppConfig.ready()

    from accounts import personal_data
    personal_data.register("practice", export=export_practice)

`export(user)` returns a JSON-serialisable dict of that user's rows and
nothing else. Rows with a foreign key to the user (on_delete=CASCADE) go when
the account goes; data kept under another key (a username string, say) also
registers `erase(user)`, which runs just before the user row is deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

FORMAT = "qbank-personal-data"
VERSION = 1


@dataclass(frozen=True)
class Contributor:
    export: Callable[[object], dict]
    erase: Callable[[object], None] | None = None


_contributors: dict[str, Contributor] = {}


def register(
    section: str, *, export: Callable[[object], dict], erase: Callable[[object], None] | None = None
):
    """Add (or replace, so a reload is harmless) the export section `section`."""
    if section in {"format", "version", "exported_at", "account"}:
        raise ValueError(f"{section!r} is reserved in the export")
    _contributors[section] = Contributor(export=export, erase=erase)


def unregister(section: str) -> None:
    _contributors.pop(section, None)


def account_fields(user) -> dict:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def export(user) -> dict:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": account_fields(user),
    }
    for section, contributor in sorted(_contributors.items()):
        data[section] = contributor.export(user)
    return data


@transaction.atomic
def delete_account(user) -> None:
    """Erase what is not tied to the user row, then delete the row: the
    database cascades to everything that is."""
    for contributor in _contributors.values():
        if contributor.erase is not None:
            contributor.erase(user)
    user.delete()
