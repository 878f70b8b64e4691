"""督查督办: issuing the month's findings as items and following each from notice to 销号.

``issued`` → ``feedback`` (the responsible unit answers, with an optional attachment) →
``closed`` (销号) or ``returned`` (back to the unit, with a reason); an extension (延期) moves the
due date, its reason kept. Supervisors (督查员) and admins issue, return, extend and close; an
uploader answers the items of its own units only (its unit grant is enough). Every change is a
commit of ``supervision_items`` with who and when, and a step in the item's log with the date
the step happened (``on``: a county records what happened on paper).

The page and the command line both call these functions: the rules of who may do what and of
which step may follow which live once, each part in a module of its own: who may do what
(``supervision_access``), the dates (``supervision_dates``), writing the items
(``supervision_write``), issuing (``supervision_issue``) and the steps after
(``supervision_steps``). Every one is named here, as callers import them from here; this
module itself queues the daily reminders on a page's view.
"""

from __future__ import annotations

import datetime as dt

from app.settings import Settings
from app.store import Store
from app.supervision_access import (
    SUPERVISING_ROLES,
    SupervisionError,
    may_answer,
    may_supervise,
    visible_units,
)
from app.supervision_dates import register_date, today
from app.supervision_issue import add_item, issue
from app.supervision_steps import attachment, close, extend, feedback, return_item
from app.supervision_write import CONFLICT_ATTEMPTS, DATASET

__all__ = [
    "CONFLICT_ATTEMPTS",
    "DATASET",
    "SUPERVISING_ROLES",
    "SupervisionError",
    "add_item",
    "attachment",
    "close",
    "extend",
    "feedback",
    "issue",
    "may_answer",
    "may_supervise",
    "notify_lights_quietly",
    "register_date",
    "return_item",
    "today",
    "visible_units",
]


_REMINDED: dict[str, dt.date] = {}  # store root → the day its reminders were last queued


def notify_lights_quietly(store: Store, settings: Settings) -> None:
    """The reminders of today's due-soon and overdue items, where notices are on. A page calls
    this on each view; the lights change by the day, so the register is read for it once a
    day per server (and the outbox sends each reminder once)."""
    if not settings.notices.enabled:
        return
    day = today(settings)
    if _REMINDED.get(store.root) == day:
        return
    _REMINDED[store.root] = day
    from app.supervision_notify import notify_lights

    notify_lights(store, settings, on=day)
