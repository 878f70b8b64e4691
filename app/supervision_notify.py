"""督办 notices: the 交办 notice of new items and the reminders of items due soon (blue) or
overdue (red), queued in the store's outbox (:mod:`app.reports.notices`) and sent in the
background. Nothing here ever raises into the page or the command: a notice that cannot be
queued is logged, the items stay as they are."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pandas as pd

from app.metrics import supervision as rules
from app.reports.tables.common import code_names
from app.settings import Settings
from app.store import Store
from app.supervision import DATASET, today


def _events(store: Store, items: pd.DataFrame, kind: str) -> list[dict[str, Any]]:
    names = code_names(store.read, "units", "unit_code")
    return [
        {
            "kind": kind,
            "item_id": r.item_id,
            "unit_code": rules.text(r.unit_code) or "-",
            "unit_name": names.get(r.unit_code, rules.text(r.unit_code) or "-"),
            "finding": r.finding,
            "due_on": r.due_on,
            "requirement": r.requirement,
        }
        for r in items.itertuples(index=False)
    ]


def notify_issued(store: Store, settings: Settings, item_ids: list[str]) -> None:
    """Queue the 交办 notices of newly issued items and send them in the background. Never
    raises: a notice that cannot be queued or sent is logged, the items stay issued."""
    if not settings.notices.enabled or not item_ids:
        return
    try:
        from app.reports import notices

        items = rules.normalised(store.read(DATASET))
        notices.enqueue(
            store, settings, _events(store, items[items["item_id"].isin(item_ids)], "issued")
        )
        notices.deliver_in_background(store, settings)
    except Exception:  # never let a notice break the page or the command
        logging.getLogger("county.notices").exception("supervision: notices not queued")


def notify_lights(store: Store, settings: Settings, on: dt.date | None = None) -> None:
    """Queue the reminders of items due soon (blue) and overdue (red) at ``on`` (each goes
    once per item and channel: the outbox remembers) and send them in the background."""
    if not settings.notices.enabled:
        return
    try:
        from app.reports import notices

        on = on or today(settings)
        states = rules.states_at(store.read(DATASET), on, settings.supervision)
        events = []
        for light, kind in (("blue", "due_soon"), ("red", "overdue")):
            chosen = states[states["light"] == light].copy()
            chosen["due_on"] = chosen["due_at"]  # the due date then (after any extension)
            events += _events(store, chosen, kind)
        notices.enqueue(store, settings, events)
        notices.deliver_in_background(store, settings)
    except Exception:
        logging.getLogger("county.notices").exception("supervision: reminders not queued")
