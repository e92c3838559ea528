"""Times as a learner reads them: a grade button's interval ("<1m", "10m",
"3d", as Anki writes them) and when the next card comes ("in 1 minute",
"tomorrow 08:00")."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def short_interval(interval: timedelta) -> str:
    seconds = interval.total_seconds()
    if seconds < MINUTE:
        return _("<1m")
    if seconds < HOUR:
        return _("%(n)sm") % {"n": round(seconds / MINUTE)}
    if seconds < DAY:
        return _("%(n)sh") % {"n": round(seconds / HOUR)}
    days = seconds / DAY
    if days < 30:
        return _("%(n)sd") % {"n": round(days)}
    if days < 365:
        return _("%(n)smo") % {"n": _one_decimal(days / 30)}
    return _("%(n)sy") % {"n": _one_decimal(days / 365)}


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def when(moment: datetime, now: datetime) -> str:
    """When `moment` comes, seen from `now`, in the active time zone."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return _("now")
    if seconds < HOUR:
        minutes = max(1, round(seconds / MINUTE))
        return ngettext("in %(count)s minute", "in %(count)s minutes", minutes) % {"count": minutes}
    local = timezone.localtime(moment)
    days = (local.date() - timezone.localtime(now).date()).days
    clock = time_format(local, "H:i")
    if days == 0:
        return _("today %(time)s") % {"time": clock}
    if days == 1:
        return _("tomorrow %(time)s") % {"time": clock}
    return _("%(date)s %(time)s") % {"date": date_format(local, "DATE_FORMAT"), "time": clock}
