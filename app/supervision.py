"""督查督办: issuing the month's findings as items and following each from notice to 销号.

``issued`` → ``feedback`` (the responsible unit answers, with an optional attachment) →
``closed`` (销号) or ``returned`` (back to the unit, with a reason); an extension (延期) moves the
due date, its reason kept. Supervisors (督查员) and admins issue, return, extend and close; an
uploader answers the items of its own units only (its unit grant is enough). Every change is a
commit of ``supervision_items`` with who and when, and a step in the item's log with the date
the step happened (``on``: a county records what happened on paper).

The page and the command line both call these functions: the rules of who may do what and of
which step may follow which live here, once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from app import attachments
from app.auth import Account
from app.i18n import enum_label, translate
from app.metrics import supervision as rules
from app.reports.supervision import supervision_candidates, worded
from app.settings import Settings
from app.store import Store, StoreConflict

DATASET = "supervision_items"
SUPERVISING_ROLES = ("supervisor", "admin")
CONFLICT_ATTEMPTS = 5
_LOCK = "_supervision"


class SupervisionError(ValueError):
    """A message key (``sup.err.*``) for the person, with its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang``, an item's status and the step refused in words."""
        params = dict(self.params)
        if "status" in params:
            params["status"] = enum_label("sup_status", params["status"], lang)
        if "action" in params:
            params["action"] = enum_label("sup_action", params["action"], lang)
        return translate(self.key, lang, **params)


def may_supervise(account: Account | None) -> bool:
    """Whether the account issues, returns, extends and closes items."""
    return account is not None and not account.disabled and account.role in SUPERVISING_ROLES


def may_answer(account: Account | None, unit_code: Any) -> bool:
    """Whether the account answers an item of ``unit_code``: supervisors and admins any; an
    uploader those of the units of its grant (every unit where its grant names none)."""
    if account is None or account.disabled:
        return False
    if account.role in SUPERVISING_ROLES:
        return True
    if account.role != "uploader":
        return False
    return account.units is None or rules.text(unit_code) in set(account.units)


def visible_units(account: Account | None) -> set[str] | None:
    """Units whose items the account works on (None: all); an uploader sees its own."""
    if account is not None and account.role == "uploader" and account.units is not None:
        return set(account.units)
    return None


def today(settings: Settings) -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(settings.time_zone)).date()


def register_date(settings: Settings, year: int, month_end: dt.date) -> dt.date:
    """The date a register is shown at by default: today in the current year (lights are
    about now), else the end of the month viewed (a past year's register as it stood)."""
    now = today(settings)
    return now if year == now.year else month_end


def _commit(
    store: Store, rows: pd.DataFrame, user: str, message: str, expect: int | None = None
) -> int:
    result = store.commit(
        DATASET,
        rows.reset_index(drop=True),
        "upsert",
        {"user": user, "message": message},
        expect_version=expect,
    )
    return int(result.version)


def _check_date(on: dt.date, settings: Settings, after: dt.date | None = None) -> None:
    if on > today(settings):
        raise SupervisionError("sup.err.future", on=on.isoformat())
    if after is not None and on < after:
        raise SupervisionError(
            "sup.err.before_last_step", on=on.isoformat(), last=after.isoformat()
        )


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


def _require_supervisor(account: Account | None) -> None:
    if not may_supervise(account):
        raise SupervisionError("sup.err.not_supervisor")


def attachment(store: Store, sha256: str) -> bytes | None:
    """An answer's attachment, by the hash kept on the item."""
    return attachments.load(store, sha256)


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
