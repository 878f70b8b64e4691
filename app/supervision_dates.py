"""The dates of the supervision workflow: today in the county's time zone, the date a register
is shown at, and the check that a step's date is neither in the future nor before the last
step."""

from __future__ import annotations

import datetime as dt

from app.settings import Settings
from app.supervision_access import SupervisionError


def today(settings: Settings) -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(settings.time_zone)).date()


def register_date(settings: Settings, year: int, month_end: dt.date) -> dt.date:
    """The date a register is shown at by default: today in the current year (lights are
    about now), else the end of the month viewed (a past year's register as it stood)."""
    now = today(settings)
    return now if year == now.year else month_end


def _check_date(on: dt.date, settings: Settings, after: dt.date | None = None) -> None:
    if on > today(settings):
        raise SupervisionError("sup.err.future", on=on.isoformat())
    if after is not None and on < after:
        raise SupervisionError(
            "sup.err.before_last_step", on=on.isoformat(), last=after.isoformat()
        )
