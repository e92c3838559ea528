"""A learner's practice preferences: the daily limits, FSRS's desired
retention and learning steps, hiding the difficulty. An account keeps them in
PracticeSettings; a guest's live in the session (as a small dict), so that
reading pages stores nothing."""

import re
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

from django.db import connections, router
from django.utils.translation import gettext as _

from questions.models.prepared import server_binding_cursor

from .owners import GUEST_SETTINGS_KEY, Owner
from .settings_model import (
    DEFAULT_DAILY_NEW,
    DEFAULT_DAILY_REVIEWS,
    DEFAULT_LEARNING_STEPS,
    DEFAULT_RETENTION,
    MAX_DAILY_NEW,
    MAX_DAILY_REVIEWS,
    MAX_RETENTION,
    MAX_STEPS_LENGTH,
    MIN_RETENTION,
    PracticeSettings,
)

GUEST_PREFERENCES_KEY = "practice_preferences"
MAX_STEPS = 10
# A learning step is minutes to a day: longer belongs to FSRS's own intervals.
MIN_STEP = timedelta(minutes=1)
MAX_STEP = timedelta(days=1)
# FSRS 6 has 21 parameters.
FSRS_PARAMETER_COUNT = 21
# An interview's scope names at most this many categories and tags each.
MAX_SCOPE = 20
STEP = re.compile(r"(\d{1,4})([mhd])")
UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


class StepsError(ValueError):
    pass


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """ "1m 10m 1h" → the steps; each 1m–1d, at most MAX_STEPS, in any
    order the learner wrote (FSRS takes them as given). Empty: no steps."""
    if len(text) > MAX_STEPS_LENGTH:
        raise StepsError(_("Write at most %(n)s characters.") % {"n": MAX_STEPS_LENGTH})
    words = text.split()
    if len(words) > MAX_STEPS:
        raise StepsError(_("At most %(n)s learning steps.") % {"n": MAX_STEPS})
    steps = []
    for word in words:
        match = STEP.fullmatch(word.lower())
        if not match:
            raise StepsError(
                _("“%(word)s” is not a step: write minutes, hours or days like 1m, 10m, 1h, 1d.")
                % {"word": word}
            )
        step = int(match.group(1)) * UNIT[match.group(2)]
        if not MIN_STEP <= step <= MAX_STEP:
            raise StepsError(_("Each step is between 1 minute and 1 day."))
        steps.append(step)
    return tuple(steps)


@dataclass(frozen=True)
class Preferences:
    daily_new_limit: int = DEFAULT_DAILY_NEW
    daily_review_limit: int = DEFAULT_DAILY_REVIEWS
    desired_retention: float = DEFAULT_RETENTION
    learning_steps: str = DEFAULT_LEARNING_STEPS
    hide_difficulty: bool = False
    interview_date: date | None = None
    interview_categories: tuple[str, ...] = ()
    interview_tags: tuple[str, ...] = ()
    # Personal FSRS parameters (practice.optimizer); empty: the defaults.
    fsrs_parameters: tuple[float, ...] = ()

    def steps(self) -> tuple[timedelta, ...]:
        try:
            return parse_steps(self.learning_steps)
        except StepsError:
            return parse_steps(DEFAULT_LEARNING_STEPS)

    def as_dict(self) -> dict:
        values = asdict(self)
        values["interview_categories"] = list(self.interview_categories)
        values["interview_tags"] = list(self.interview_tags)
        values["fsrs_parameters"] = list(self.fsrs_parameters)
        return values

    def as_session(self) -> dict:
        # The session is JSON: the date as ISO text.
        values = self.as_dict()
        values["interview_date"] = self.interview_date.isoformat() if self.interview_date else None
        return values


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _parameters(value) -> tuple[float, ...]:
    if not isinstance(value, list | tuple) or len(value) > FSRS_PARAMETER_COUNT:
        return ()
    return tuple(float(number) for number in value)


def _slugs(value) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(slug)[:200] for slug in value[:MAX_SCOPE])


NAMES = tuple(field.name for field in fields(Preferences))


def _bounded(values: dict) -> Preferences:
    """Preferences from stored values, each checked again: a session's dict
    is only as good as the code that wrote it."""
    defaults = Preferences()
    try:
        preferences = Preferences(
            daily_new_limit=min(max(int(values["daily_new_limit"]), 0), MAX_DAILY_NEW),
            daily_review_limit=min(max(int(values["daily_review_limit"]), 0), MAX_DAILY_REVIEWS),
            desired_retention=min(max(float(values["desired_retention"]), MIN_RETENTION), MAX_RETENTION),
            learning_steps=str(values["learning_steps"])[:MAX_STEPS_LENGTH],
            hide_difficulty=bool(values["hide_difficulty"]),
            interview_date=_date(values.get("interview_date")),
            interview_categories=_slugs(values.get("interview_categories")),
            interview_tags=_slugs(values.get("interview_tags")),
            fsrs_parameters=_parameters(values.get("fsrs_parameters")),
        )
    except (KeyError, TypeError, ValueError):
        return defaults
    return preferences


# An account's preferences, read on every practice page and grade: by its
# owner's unique index, one statement planned once per connection
# (questions.models.prepared). The ORM's .values().first() took half a
# millisecond of Python to compile (issue 22) for a one-row lookup.
_FIELDS = [PracticeSettings._meta.get_field(name) for name in NAMES]
_OF_USER_SQL = (
    f"SELECT {', '.join(field.column for field in _FIELDS)} "
    f"FROM {PracticeSettings._meta.db_table} WHERE user_id = %s"
)


def of_user(user_id: int | None) -> Preferences:
    if not user_id:
        return Preferences()
    connection = connections[router.db_for_read(PracticeSettings)]
    with server_binding_cursor(connection) as cursor:
        cursor.execute(_OF_USER_SQL, [user_id])
        row = cursor.fetchone()
    if row is None:
        return Preferences()
    # Each value as the ORM would give it (the JSON fields arrive as text).
    return _bounded(
        {
            field.name: field.from_db_value(value, None, connection)
            if hasattr(field, "from_db_value")
            else value
            for field, value in zip(_FIELDS, row, strict=True)
        }
    )


def of_guest(session) -> Preferences | None:
    """A guest's preferences, or None if they never saved any."""
    stored = session.get(GUEST_PREFERENCES_KEY)
    if isinstance(stored, dict):
        return _bounded(stored)
    # Before these preferences a guest kept only the daily limit of new cards.
    legacy = session.get(GUEST_SETTINGS_KEY)
    if legacy is None:
        return None
    return _bounded({**Preferences().as_dict(), "daily_new_limit": legacy})


def forget_guest(session) -> None:
    session.pop(GUEST_PREFERENCES_KEY, None)
    session.pop(GUEST_SETTINGS_KEY, None)


def for_request(request, owner: Owner | None) -> Preferences:
    if owner is not None and owner.user_id is not None:
        return of_user(owner.user_id)
    return of_guest(request.session) or Preferences()


def save(request, preferences: Preferences) -> None:
    if request.user.is_authenticated:
        # The personal parameters are the optimiser's to write (practice.tasks).
        values = {name: value for name, value in preferences.as_dict().items() if name != "fsrs_parameters"}
        PracticeSettings.objects.update_or_create(user=request.user, defaults=values)
    else:
        request.session.pop(GUEST_SETTINGS_KEY, None)
        request.session[GUEST_PREFERENCES_KEY] = preferences.as_session()
