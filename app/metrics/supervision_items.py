"""督办 items: their steps, their status and light at any date, and what a unit's register adds
up to. Pure: frames in, frames out.

Each item carries its steps (``log``: issue, feedback, return, extend, close, each with its
date), so its status and light at any date are replayed from them: a past month's register
keeps its lights. An uploaded item without a log (a leader's instruction) has the steps its
date columns tell.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pandas as pd

from app.settings import SupervisionSettings

STATE_COLUMNS = [
    "status_at",
    "due_at",
    "extended",
    "returned",
    "light",
    "overdue_days",
    "closed_at",
    "closed_late",
]


def text(value: Any) -> str | None:
    """A code or text as a stripped string; None for empty or missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def step(action: str, on: dt.date, by: str, at: str | None = None, **fields: Any) -> dict[str, Any]:
    """One step of an item's log: what, on which date, by whom, recorded when (``at``, UTC)."""
    at = at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out = {"action": action, "on": on.isoformat(), "by": by, "at": at}
    out.update({k: v for k, v in fields.items() if v is not None})
    return out


def item_rows(
    proposals: pd.DataFrame,
    ids: list[str],
    month: str,
    on: dt.date,
    by: str,
    *,
    due_days: int | None = None,
    due: dt.date | None = None,
    requirement: str | None = None,
    at: str | None = None,
) -> list[dict[str, Any]]:
    """Proposals as issued items (status ``issued``, their first step in the log): due on
    ``due``, else ``on`` + ``due_days``, else ``on`` + the proposal's own days."""
    rows = []
    for item_id, p in zip(ids, proposals.itertuples(index=False), strict=True):
        days = due_days if due_days is not None else int(p.due_days)
        due_on = due or on + dt.timedelta(days=days)
        first = step("issue", on, by, at, due_on=due_on.isoformat())
        rows.append(
            {
                "item_id": item_id,
                "year": int(month[:4]),
                "period": month,
                "source": p.source,
                "subject_code": text(p.subject_code),
                "ref": text(p.ref),
                "unit_code": text(p.unit_code),
                "cadre_id": text(p.cadre_id),
                "finding": p.finding,
                "requirement": requirement or p.requirement,
                "issued_on": on,
                "due_on": due_on,
                "status": "issued",
                "log": json.dumps([first], ensure_ascii=False),
            }
        )
    return rows


def item_ids(existing: Any, month: str, count: int) -> list[str]:
    """``count`` new item ids of ``month`` (DB201111-001, …) after those in ``existing``."""
    prefix = f"DB{month.replace('-', '')}-"
    used = [
        int(i[len(prefix) :])
        for i in map(str, existing)
        if i.startswith(prefix) and i[len(prefix) :].isdigit()
    ]
    start = max(used, default=0) + 1
    return [f"{prefix}{n:03d}" for n in range(start, start + count)]


def normalised(items: pd.DataFrame) -> pd.DataFrame:
    """Stored or uploaded items with every column filled the way the rules read them: status
    ``issued`` when not given, the month and year of the finding those of issued_on when not
    given, dates as timestamps."""
    frame = items.copy()
    for column in (
        "issued_on",
        "due_on",
        "feedback_on",
        "original_due_on",
        "returned_on",
        "closed_on",
    ):
        if column not in frame.columns:
            frame[column] = pd.NaT
        frame[column] = pd.to_datetime(frame[column])
    for column in ("status", "period", "log", "ref", "subject_code", "unit_code", "cadre_id"):
        if column not in frame.columns:
            frame[column] = None
    frame["status"] = frame["status"].where(frame["status"].notna(), "issued")
    issued_month = frame["issued_on"].dt.strftime("%Y-%m")
    frame["period"] = frame["period"].where(frame["period"].notna(), issued_month)
    frame["year"] = frame["period"].str[:4].astype("int64")
    return frame.reset_index(drop=True)


def steps(row: Any) -> list[dict[str, Any]]:
    """An item's steps, oldest first: its log, or (an uploaded item without one) the steps
    its date columns tell."""
    log = text(getattr(row, "log", None))
    if log:
        return list(json.loads(log))
    issued = row.issued_on.date().isoformat()
    first_due = row.original_due_on if pd.notna(row.original_due_on) else row.due_on
    out: list[dict[str, Any]] = [
        {"action": "issue", "on": issued, "due_on": first_due.date().isoformat()}
    ]
    if pd.notna(row.original_due_on) and row.original_due_on != row.due_on:
        out.append({"action": "extend", "on": issued, "due_on": row.due_on.date().isoformat()})
    dated = [
        ("feedback", row.feedback_on),
        ("return", row.returned_on),
        ("close", row.closed_on),
    ]
    if row.status == "returned":  # a return after the feedback it sent back
        dated.sort(key=lambda pair: (pd.isna(pair[1]), pair[1]))
    out += [{"action": a, "on": d.date().isoformat()} for a, d in dated if pd.notna(d)]
    return out


# The status each step leaves an item in (an extension leaves it as it was).
STATUS_AFTER = {"issue": "issued", "feedback": "feedback", "return": "returned", "close": "closed"}


def replay(row: Any, as_of: dt.date) -> dict[str, Any] | None:
    """The item's status, due date and whether it was extended or returned at the end of
    ``as_of``; None when it was not issued yet."""
    if row.issued_on.date() > as_of:
        return None
    state = {"status": "issued", "due": row.due_on.date(), "extended": False, "returned": False}
    closed_on = None
    for step in steps(row):
        if dt.date.fromisoformat(step["on"]) > as_of:
            break
        action = step["action"]
        if action in ("issue", "extend") and step.get("due_on"):
            state["due"] = dt.date.fromisoformat(step["due_on"])
        state["extended"] |= action == "extend"
        state["returned"] |= action == "return"
        if action in STATUS_AFTER:
            state["status"] = STATUS_AFTER[action]
        if action == "close":
            closed_on = dt.date.fromisoformat(step["on"])
    state["closed_on"] = closed_on
    return state


def light(state: dict[str, Any], as_of: dt.date, remind_days: int) -> str:
    """督办 light at ``as_of``: green closed; red open past its due date; yellow returned or
    extended and not yet overdue; blue open and due within ``remind_days``; else none."""
    if state["status"] == "closed":
        return "green"
    if as_of > state["due"]:
        return "red"
    if state["status"] == "returned" or state["extended"]:
        return "yellow"
    if (state["due"] - as_of).days <= remind_days:
        return "blue"
    return "none"


def states_at(items: pd.DataFrame, as_of: dt.date, settings: SupervisionSettings) -> pd.DataFrame:
    """The items issued by ``as_of`` with their state then: :data:`STATE_COLUMNS` added
    (status_at, due_at, extended, returned, light, overdue_days: days past due while open,
    closed_at, closed_late: closed after its due date)."""
    frame = normalised(items)
    rows, keep = [], []
    for i, row in enumerate(frame.itertuples(index=False)):
        state = replay(row, as_of)
        if state is None:
            continue
        keep.append(i)
        overdue = (as_of - state["due"]).days if state["status"] != "closed" else 0
        rows.append(
            {
                "status_at": state["status"],
                "due_at": pd.Timestamp(state["due"]),
                "extended": state["extended"],
                "returned": state["returned"],
                "light": light(state, as_of, settings.remind_days),
                "overdue_days": max(0, overdue),
                "closed_at": pd.Timestamp(state["closed_on"]) if state["closed_on"] else pd.NaT,
                "closed_late": state["closed_on"] is not None and state["closed_on"] > state["due"],
            }
        )
    out = frame.iloc[keep].reset_index(drop=True)
    extra = pd.DataFrame(rows, columns=STATE_COLUMNS)
    for column in extra.columns:
        out[column] = extra[column].to_numpy() if len(extra) else np.array([], dtype=object)
    # Typed also when no item was issued yet (the rules downstream use .dt and sums).
    for column in ("due_at", "closed_at"):
        out[column] = pd.to_datetime(out[column])
    for column in ("extended", "returned", "closed_late"):
        out[column] = out[column].astype(bool)
    out["overdue_days"] = out["overdue_days"].astype("int64")
    return out


def unit_summary(states: pd.DataFrame, settings: SupervisionSettings) -> pd.DataFrame:
    """Per responsible unit: items, closed, open, due soon (blue), overdue (red), the longest
    overdue (days) and ``escalate`` (overdue longer than the setting: 责令作出检查). Units with
    overdue items first."""
    columns = ["unit_code", "items", "closed", "open", "due_soon", "overdue", "max_overdue_days"]
    frame = states[states["unit_code"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "escalate"])
    grouped = frame.groupby("unit_code")
    out = pd.DataFrame(
        {
            "items": grouped.size(),
            "closed": grouped["status_at"].apply(lambda s: int((s == "closed").sum())),
            "due_soon": grouped["light"].apply(lambda s: int((s == "blue").sum())),
            "overdue": grouped["light"].apply(lambda s: int((s == "red").sum())),
            "max_overdue_days": grouped["overdue_days"].max().astype("int64"),
        }
    )
    out["open"] = out["items"] - out["closed"]
    out["escalate"] = out["max_overdue_days"] > settings.escalate_overdue_days
    out = out.reset_index()[[*columns, "escalate"]]
    return out.sort_values(
        ["overdue", "max_overdue_days", "unit_code"], ascending=[False, False, True]
    )


def faults_by_unit(items: pd.DataFrame, as_of: dt.date, settings: SupervisionSettings) -> pd.Series:
    """Supervision faults of each unit at ``as_of`` (for the year-end appraisal): items closed
    late, returned at least once, or still overdue then. Indexed by unit_code."""
    states = states_at(items, as_of, settings)
    states = states[states["unit_code"].notna()]
    fault = states["closed_late"] | states["returned"] | (states["light"] == "red")
    return fault.groupby(states["unit_code"]).sum().astype("int64")
