"""The steps an issued item goes through: the unit's answer (反馈) with its attachment, a
return (退回), an extension (延期) and 销号, each checked and written under the store's lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from app import attachments
from app.auth import Account
from app.metrics import supervision as rules
from app.settings import Settings
from app.store import Store, StoreConflict
from app.supervision_access import SupervisionError, _require_supervisor, may_answer
from app.supervision_dates import _check_date, today
from app.supervision_write import _LOCK, CONFLICT_ATTEMPTS, DATASET, _commit


def _change(
    store: Store,
    settings: Settings,
    item_id: str,
    action: str,
    on: dt.date | None,
    user: str,
    allowed: tuple[str, ...],
    step_fields: dict[str, Any],
    changes: Callable[[dt.date, dict[str, Any]], dict[str, Any]],
    check: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Apply one step to one item under the store's lock: the item must exist, be in one of
    the ``allowed`` statuses and pass ``check(row)``; ``on`` not before its last step."""
    on = on or today(settings)
    with store.json_lock(_LOCK):  # this server's writers one at a time
        for _attempt in range(CONFLICT_ATTEMPTS):
            # Read at one version and commit only on top of it: another server's step in
            # between is read and checked again, never written over.
            version = store.version(DATASET)
            stored = store.read(DATASET, version=version if version >= 0 else None)
            items = rules.normalised(stored)
            found = items[items["item_id"] == item_id]
            if found.empty:
                raise SupervisionError("sup.err.no_item", item=item_id)
            row = found.iloc[0].to_dict()
            if check is not None:
                check(row)
            if row["status"] not in allowed:
                raise SupervisionError(
                    "sup.err.wrong_status", item=item_id, status=row["status"], action=action
                )
            history = rules.steps(found.iloc[0])
            last = max(dt.date.fromisoformat(s["on"]) for s in history)
            _check_date(on, settings, after=last)
            history.append(rules.step(action, on, user, **step_fields))
            changed = stored[stored["item_id"] == item_id].iloc[[0]].copy()
            for column, value in changes(on, row).items():
                changed[column] = value
            changed["status"] = rules.STATUS_AFTER.get(action, row["status"])
            changed["log"] = json.dumps(history, ensure_ascii=False)
            try:
                _commit(store, changed, user, f"supervise {action} {item_id}", version)
            except StoreConflict:
                continue
            return changed.iloc[0].to_dict()
    raise SupervisionError("sup.err.busy", item=item_id)


def feedback(
    store: Store,
    settings: Settings,
    item_id: str,
    *,
    text: str,
    account: Account,
    file: tuple[str, bytes] | None = None,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """The responsible unit's answer (反馈), with an optional attachment kept in the store."""
    if not text.strip():
        raise SupervisionError("sup.err.no_text")

    def check(row: dict[str, Any]) -> None:
        if not may_answer(account, row["unit_code"]):
            raise SupervisionError("sup.err.not_your_unit", item=item_id)

    saved: dict[str, Any] = {"feedback_file": None, "feedback_sha256": None}
    if file is not None:
        name, data = file
        limit = settings.supervision.max_attachment_mb
        if len(data) > limit * 1024 * 1024:
            raise SupervisionError("sup.err.file_too_big", name=name, mb=limit)
        saved = {"feedback_file": name, "feedback_sha256": hashlib.sha256(data).hexdigest()}
        # Kept before the answer is stored, so a stored answer never names a missing file
        # (content-addressed: a refused or retried answer leaves at most an unused copy).
        attachments.save(store, data)
    result = _change(
        store,
        settings,
        item_id,
        "feedback",
        on,
        account.name,
        ("issued", "returned", "feedback"),
        {"text": text.strip(), "file": saved["feedback_file"], "sha256": saved["feedback_sha256"]},
        lambda day, row: {"feedback_text": text.strip(), "feedback_on": day, **saved},
        check,
    )
    return result


def return_item(
    store: Store,
    settings: Settings,
    item_id: str,
    *,
    reason: str,
    account: Account,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Back to the unit (退回), with the reason: the answer is not enough."""
    _require_supervisor(account)
    if not reason.strip():
        raise SupervisionError("sup.err.no_reason")
    return _change(
        store,
        settings,
        item_id,
        "return",
        on,
        account.name,
        ("feedback",),
        {"reason": reason.strip()},
        lambda day, row: {"returned_on": day, "return_reason": reason.strip()},
    )


def extend(
    store: Store,
    settings: Settings,
    item_id: str,
    *,
    to: dt.date,
    reason: str,
    account: Account,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """A new due date (延期), later than the current one, with the reason kept."""
    _require_supervisor(account)
    if not reason.strip():
        raise SupervisionError("sup.err.no_reason")

    def check(row: dict[str, Any]) -> None:
        if to <= row["due_on"].date():
            current = row["due_on"].date().isoformat()
            raise SupervisionError("sup.err.extend_earlier", to=to.isoformat(), due=current)

    def changes(day: dt.date, row: dict[str, Any]) -> dict[str, Any]:
        first = row["original_due_on"] if pd.notna(row["original_due_on"]) else row["due_on"]
        return {"due_on": to, "extension_reason": reason.strip(), "original_due_on": first}

    return _change(
        store,
        settings,
        item_id,
        "extend",
        on,
        account.name,
        ("issued", "feedback", "returned"),
        {"due_on": to.isoformat(), "reason": reason.strip()},
        changes,
        check,
    )


def close(
    store: Store,
    settings: Settings,
    item_id: str,
    *,
    account: Account,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """销号: the unit's answer is accepted."""
    _require_supervisor(account)
    return _change(
        store,
        settings,
        item_id,
        "close",
        on,
        account.name,
        ("feedback",),
        {},
        lambda day, row: {"closed_on": day, "closed_by": account.name},
    )


def attachment(store: Store, sha256: str) -> bytes | None:
    """An answer's attachment, by the hash kept on the item."""
    return attachments.load(store, sha256)
