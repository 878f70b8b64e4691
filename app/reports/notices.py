"""督办通知: notices of supervision items (督查督办) to group robots and by e-mail.

The supervision workflow hands its events to :func:`enqueue`. They wait in an outbox beside
the tables (``_notices.json``), one message per event and channel, so that a restart loses
nothing and an item's notice of one kind reaches a channel once. :func:`deliver` sends what is
due, one notice per channel, kind and unit, and retries a failure after a growing pause until
``max_attempts``; :func:`deliver_in_background` does the same off the caller's thread.

Delivery is at least once: a message is claimed (its next attempt moved on) before it is sent,
so that a second deliverer skips it, and a process killed mid-send sends it after the pause.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from app.documents import read_doc, update_doc
from app.i18n import translate
from app.reports.notice_channels import Channel, SendError, channels, post_robot, render, send_mail
from app.settings import NoticeSettings, Settings
from app.store import Store

OUTBOX = "_notices.json"
KINDS = ("issued", "due_soon", "overdue")
MAX_PAUSE = dt.timedelta(days=1)
logger = logging.getLogger("county.notices")
_RUNNING = threading.Lock()  # held while this process's background delivery runs


def _utc(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC)
    return now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)


def _pause(notices: NoticeSettings, attempts: int) -> dt.timedelta:
    """The wait after ``attempts`` failed attempts: retry_minutes, doubled each time, at most
    a day."""
    minutes = notices.retry_minutes * 2 ** min(max(attempts - 1, 0), 16)
    return min(dt.timedelta(minutes=minutes), MAX_PAUSE)


def _messages(value: Any) -> list[dict[str, Any]]:
    return list(value.get("messages", [])) if isinstance(value, dict) else []


def _load(store: Store) -> list[dict[str, Any]]:
    return _messages(read_doc(store, OUTBOX))


def _text(value: Any) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):  # NaN, NaT, NA
        return ""
    return str(value).strip()


def _event(event: Mapping[str, Any]) -> dict[str, str]:
    """An event checked and flattened to the outbox's text fields."""
    kind = event.get("kind")
    if kind not in KINDS:
        raise ValueError(f"notice event: unknown kind {kind!r} (expected one of {KINDS})")
    missing = [k for k in ("item_id", "unit_code", "finding", "due_on") if not _text(event.get(k))]
    if missing:
        raise ValueError(f"notice event {event.get('item_id')!r}: missing {', '.join(missing)}")
    due = event["due_on"]
    if isinstance(due, dt.datetime):  # a pandas Timestamp too
        due = due.date()
    due_on = due if isinstance(due, dt.date) else dt.date.fromisoformat(_text(due)[:10])
    return {
        "kind": kind,
        "item_id": _text(event["item_id"]),
        "unit_code": _text(event["unit_code"]),
        "unit_name": _text(event.get("unit_name")) or _text(event["unit_code"]),
        "finding": _text(event["finding"]),
        "requirement": _text(event.get("requirement")),
        "due_on": due_on.isoformat(),
    }


def enqueue(
    store: Store,
    settings: Settings,
    events: Iterable[Mapping[str, Any]],
    now: dt.datetime | None = None,
) -> int:
    """Queue one message per event and channel; returns how many were new.

    Nothing is queued while notices are off, nor for a kind not in ``[notices] events``. A
    message already in the outbox (same kind, item and channel) is not queued again, so a
    due-soon or overdue notice of an item goes to each channel once. An unknown kind or a
    missing field raises ``ValueError`` (the caller's mistake, whatever the settings)."""
    checked = [_event(event) for event in events]
    notices = settings.notices
    wanted = [event for event in checked if event["kind"] in notices.events]
    if not notices.enabled or not wanted:
        return 0
    targets = channels(notices)
    if not targets:
        logger.warning("notices: enabled, but no webhook or mail recipients are configured")
        return 0
    stamp = _utc(now).isoformat()

    def add(data: dict[str, Any]) -> int:
        messages = _messages(data)
        known = {message["id"] for message in messages}
        added = 0
        for event in wanted:
            for channel in targets:
                key = f"{event['kind']}|{event['item_id']}|{channel.id}"
                if key in known:
                    continue
                known.add(key)
                messages.append(
                    {
                        "id": key,
                        **event,
                        "channel": channel.id,
                        "status": "pending",  # → sent | failed (gave up)
                        "attempts": 0,
                        "queued": stamp,
                        "next_attempt": stamp,
                        "sent": None,
                        "error": None,
                    }
                )
                added += 1
        if added:
            data["messages"] = messages
        return added

    # The outbox is a shared document (app.documents): with several servers on one store,
    # a message queued by one is neither lost nor queued twice by another.
    return update_doc(store, OUTBOX, add)


def outbox(store: Store) -> list[dict[str, Any]]:
    """Every message in the outbox, as stored (pending, sent and failed)."""
    return _load(store)


def deliver(store: Store, settings: Settings, now: dt.datetime | None = None) -> dict[str, int]:
    """Send every pending message whose attempt is due, one notice per channel, kind and unit.

    Returns counts of messages: ``sent``; ``retrying`` (failed, tried again after a pause);
    ``failed`` (failed ``max_attempts`` times: kept, marked failed, not tried again);
    ``waiting`` (pending, not due yet)."""
    counts = dict.fromkeys(("sent", "retrying", "failed", "waiting"), 0)
    notices = settings.notices
    if not notices.enabled:
        return counts
    moment = _utc(now)
    targets = {channel.id: channel for channel in channels(notices)}

    def claim(data: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        # Claimed in the shared document: another deliverer (another server) that reads it
        # after skips them; one that read it before loses the race, and runs this again on
        # our claim. Should this process die, they are due again after the pause.
        messages = _messages(data)
        due = [
            m
            for m in messages
            if m["status"] == "pending"
            and m["channel"] in targets
            and dt.datetime.fromisoformat(m["next_attempt"]) <= moment
        ]
        if not due:
            return [], sum(m["status"] == "pending" and m["channel"] in targets for m in messages)
        for message in due:
            message["next_attempt"] = (
                moment + _pause(notices, message["attempts"] + 1)
            ).isoformat()
        data["messages"] = messages
        return [dict(m) for m in due], 0

    due, waiting = update_doc(store, OUTBOX, claim)
    if not due:
        counts["waiting"] = waiting
        return counts
    outcomes = _send(targets, due, notices, settings.county_name)

    def record(data: dict[str, Any]) -> tuple[dict[str, int], list[dict[str, Any]]]:
        tally = dict.fromkeys(counts, 0)
        gave_up = []
        messages = _messages(data)
        for message in messages:
            if message["id"] not in outcomes:
                if message["status"] == "pending" and message["channel"] in targets:
                    tally["waiting"] += 1
                continue
            error = outcomes[message["id"]]
            message["attempts"] += 1
            if error is None:
                message.update(status="sent", sent=moment.isoformat(), error=None)
                tally["sent"] += 1
            elif message["attempts"] >= notices.max_attempts:
                message.update(status="failed", error=error)
                tally["failed"] += 1
                gave_up.append(dict(message))
            else:
                retry = moment + _pause(notices, message["attempts"])
                message.update(error=error, next_attempt=retry.isoformat())
                tally["retrying"] += 1
        data["messages"] = messages
        return tally, gave_up

    tally, gave_up = update_doc(store, OUTBOX, record)
    for message in gave_up:  # logged once, not on each run of ``record``
        logger.error(
            "notices: gave up %s after %d attempts: %s",
            message["id"],
            message["attempts"],
            message["error"],
        )
    counts.update(tally)
    return counts


def _send(
    targets: dict[str, Channel],
    due: list[dict[str, Any]],
    notices: NoticeSettings,
    county: str,
) -> dict[str, str | None]:
    """Send ``due``, grouped by (channel, kind, unit): each message id's error, or None."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for message in sorted(due, key=lambda m: (m["due_on"], m["item_id"])):
        key = (message["channel"], message["kind"], message["unit_code"])
        groups.setdefault(key, []).append(message)
    outcomes: dict[str, str | None] = {}
    down: dict[str, str] = {}  # a robot that failed this round is not tried again in it
    mails: list[tuple[list[dict[str, Any]], str, str]] = []
    footer = translate("notices.footer", county=county)
    for (channel_id, kind, _unit), items in groups.items():
        subject, text = render(kind, items[0]["unit_name"], items)
        channel = targets[channel_id]
        if channel.kind == "email":
            mails.append((items, subject, f"{text}\n\n{footer}"))
            continue
        error = down.get(channel_id)
        if error is None:
            try:
                post_robot(channel, text, notices.timeout_seconds)
            except SendError as exc:
                error = down[channel_id] = str(exc)
        _record(outcomes, items, channel_id, error)
    if mails:
        errors = send_mail(notices, [(subject, body) for _, subject, body in mails])
        for (items, _, _), error in zip(mails, errors, strict=True):
            _record(outcomes, items, "email", error)
    return outcomes


def _record(
    outcomes: dict[str, str | None],
    items: list[dict[str, Any]],
    channel_id: str,
    error: str | None,
) -> None:
    for item in items:
        outcomes[item["id"]] = error
    if error is not None:
        first = items[0]
        logger.warning(
            "notices: %s notice for %s (%d items) to %s failed: %s",
            first["kind"],
            first["unit_code"],
            len(items),
            channel_id,
            error,
        )


def deliver_in_background(store: Store, settings: Settings) -> threading.Thread | None:
    """Run :func:`deliver` in a daemon thread and return at once: the thread, or None where
    notices are off or this process's background delivery is still running. Never raises."""
    try:
        if not settings.notices.enabled or not _RUNNING.acquire(blocking=False):
            return None
    except Exception:
        logger.exception("notices: cannot read the settings")
        return None
    try:
        thread = threading.Thread(
            target=_deliver_quietly, args=(store, settings), name="county-notices", daemon=True
        )
        thread.start()
    except Exception:
        _RUNNING.release()
        logger.exception("notices: cannot start the delivery thread")
        return None
    return thread


def _deliver_quietly(store: Store, settings: Settings) -> None:
    try:
        deliver(store, settings)
    except Exception:
        logger.exception("notices: delivery failed")
    finally:
        _RUNNING.release()
