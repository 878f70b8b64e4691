"""Issuing supervision items: the month's findings proposed by the rules, and an item entered
by hand (a spot check's finding or a leader's instruction)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from app.auth import Account
from app.metrics import supervision as rules
from app.reports.supervision import supervision_candidates, worded
from app.settings import Settings
from app.store import Store, StoreConflict
from app.supervision_access import SupervisionError, may_supervise
from app.supervision_dates import _check_date, today
from app.supervision_write import _LOCK, CONFLICT_ATTEMPTS, DATASET, _commit


def issue(
    store: Store,
    settings: Settings,
    month: str,
    *,
    user: str,
    account: Account | None = None,
    sources: list[str] | None = None,
    chosen: list[str] | None = None,
    due_days: int | None = None,
    due: dt.date | None = None,
    on: dt.date | None = None,
    requirement: str | None = None,
) -> list[str]:
    """Store the month's proposals as items (``sources`` or ``chosen`` (their keys, see
    :func:`app.metrics.supervision.finding_keys`) narrow them); the due date is ``due``, else ``on`` + ``due_days``,
    else ``on`` + the source's setting. Idempotent: a finding already acted on is not
    proposed again, so issuing a month twice adds nothing. Returns the new items' ids."""
    if account is not None and not may_supervise(account):
        raise SupervisionError("sup.err.not_supervisor")
    on = on or today(settings)
    _check_date(on, settings)
    if due is not None and due < on:
        raise SupervisionError("sup.err.due_before_issue", due=due.isoformat(), on=on.isoformat())
    with store.json_lock(_LOCK):
        for _attempt in range(CONFLICT_ATTEMPTS):
            # Proposals and ids from one version, committed only on top of it: another
            # server issuing at the same moment is seen, its items not proposed twice.
            version = store.version(DATASET)
            proposals = supervision_candidates(store.read, settings, month)
            if sources:
                proposals = proposals[proposals["source"].isin(sources)]
            if chosen is not None:
                proposals = proposals[rules.finding_keys(proposals).isin(set(chosen))]
            if proposals.empty:
                return []
            proposals = worded(store.read, settings, proposals)  # the issued ones only
            existing = store.read(DATASET, columns=["item_id"])["item_id"]
            ids = rules.item_ids(existing, month, len(proposals))
            rows = rules.item_rows(
                proposals, ids, month, on, user, due_days=due_days, due=due, requirement=requirement
            )
            try:
                _commit(store, pd.DataFrame(rows), user, f"supervise issue {month}", version)
                break
            except StoreConflict:
                continue
        else:
            raise SupervisionError("sup.err.busy", item=month)
    from app.supervision_notify import notify_issued

    notify_issued(store, settings, ids)
    return ids


def add_item(
    store: Store,
    settings: Settings,
    *,
    user: str,
    account: Account | None,
    source: str,
    finding: str,
    unit_code: str | None,
    due: dt.date,
    cadre_id: str | None = None,
    requirement: str | None = None,
    on: dt.date | None = None,
) -> str:
    """An item entered by hand: a spot check's finding (明查暗访) or a leader's instruction."""
    if account is not None and not may_supervise(account):
        raise SupervisionError("sup.err.not_supervisor")
    if source not in ("inspection", "instruction"):
        raise SupervisionError("sup.err.bad_source", source=source)
    if not finding.strip():
        raise SupervisionError("sup.err.no_finding")
    on = on or today(settings)
    _check_date(on, settings)
    if due < on:
        raise SupervisionError("sup.err.due_before_issue", due=due.isoformat(), on=on.isoformat())
    month = on.strftime("%Y-%m")
    with store.json_lock(_LOCK):
        for _attempt in range(CONFLICT_ATTEMPTS):
            # The new id from one version, committed only on top of it: another server adding
            # an item at the same moment takes the next id, not this one (an upsert by id
            # would write one item over the other).
            version = store.version(DATASET)
            existing = store.read(
                DATASET, version=version if version >= 0 else None, columns=["item_id"]
            )["item_id"]
            (item_id,) = rules.item_ids(existing, month, 1)
            row = {
                "item_id": item_id,
                "year": on.year,
                "period": month,
                "source": source,
                "subject_code": unit_code or cadre_id,
                "unit_code": unit_code,
                "cadre_id": cadre_id,
                "finding": finding.strip(),
                "requirement": requirement,
                "issued_on": on,
                "due_on": due,
                "status": "issued",
                "log": json.dumps(
                    [rules.step("issue", on, user, due_on=due.isoformat())], ensure_ascii=False
                ),
            }
            try:
                _commit(store, pd.DataFrame([row]), user, f"supervise add {item_id}", version)
                break
            except StoreConflict:
                continue
        else:
            raise SupervisionError("sup.err.busy", item=month)
    from app.supervision_notify import notify_issued

    notify_issued(store, settings, [item_id])
    return item_id
