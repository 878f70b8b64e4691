"""Signing in with a password, and the lockout that slows down guessing.

A wrong name and a wrong password get the same answer; ``max_failures`` failures (five by
default) from one client lock that client out of that name for ``lockout_minutes``, doubling
with each further lockout, whether or not the account exists, so the lockout reveals nothing
either; other clients are not locked out. Failed sign-ins are kept in the accounts document
under salted hashes, and audited; an admin unlocks. Each count is a change of the shared
document (:func:`app.auth.accounts.change_accounts`), so attempts made at once on several servers
are all counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.auth.accounts import (
    Account,
    AuthError,
    _failure_key,
    _forget_failures,
    _hasher,
    _load,
    change_accounts,
)
from app.auth.audit import audit
from app.settings import AuthSettings
from app.store import Store

_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _raise_if_locked(record: dict[str, Any], now: dt.datetime) -> None:
    locked_until = record.get("locked_until")
    if locked_until and dt.datetime.fromisoformat(locked_until) > now:
        minutes = int((dt.datetime.fromisoformat(locked_until) - now).total_seconds() // 60) + 1
        raise AuthError("auth.err.locked", minutes=minutes)


def _prune(data: dict[str, Any], now: dt.datetime, settings: AuthSettings) -> None:
    """Forget old failure records so the file stays small (a pair's lockouts after a day)."""
    horizon = now - dt.timedelta(days=1)
    for key in list(data["failures"]):
        rec = data["failures"][key]
        stamp = rec.get("locked_until") or rec.get("last")
        if stamp and dt.datetime.fromisoformat(stamp) < horizon:
            del data["failures"][key]


def authenticate(
    store: Store,
    name: str,
    password: str,
    settings: AuthSettings,
    now: dt.datetime | None = None,
    client: str | None = None,
) -> Account:
    """The account, or AuthError('auth.err.invalid' | 'auth.err.locked').

    Failures slow down the pair (name, client) that makes them: after ``max_failures`` wrong
    attempts from one client (browser address) for one name, that client waits
    ``lockout_minutes`` for that name, and each further lockout of the pair lasts twice as
    long (up to a day). Another client (the leader on their own phone) is not locked out by a
    stranger's guesses. Every failure and lockout goes to the audit log; an admin unlocks."""
    now = now or dt.datetime.now(dt.UTC)
    data = _load(store)
    key = name.strip()
    pair = "|".join(_failure_key(data, key, client))
    _raise_if_locked(data["failures"].get(pair, {}), now)
    raw = data["accounts"].get(key)
    ok = False
    if raw is not None:
        try:
            ok = _hasher.verify(raw["password_hash"], password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time as a real check, so timing does not reveal unknown names.
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            pass
    if ok and not raw.get("disabled"):

        def clear(data: dict[str, Any]) -> None:
            # Always checked again on the document as it is now: guesses made at the same
            # time may have locked the pair while this password was checked (a burst of
            # concurrent guesses must not get past the lockout).
            pair = "|".join(_failure_key(data, key, client))
            _raise_if_locked(data["failures"].get(pair, {}), now)
            record = data["failures"].pop(pair, None)
            if record is not None and record.get("lockouts"):  # the lockouts are remembered
                data["failures"][pair] = {
                    "count": 0,
                    "lockouts": record["lockouts"],
                    "last": now.isoformat(),
                }

        change_accounts(store, clear)
        audit(store, "sign_in", user=key, client=client)
        return Account(**raw)

    def count(data: dict[str, Any]) -> tuple[dict[str, Any], int, int, str]:
        # Counted on the document as it is now: another attempt may have counted, or locked
        # the pair, while this one's password was checked (a lockout is never undone here).
        name_key, client_key = _failure_key(data, key, client)
        pair = f"{name_key}|{client_key}"
        record = data["failures"].get(pair, {})
        _raise_if_locked(record, now)
        count = int(record.get("count", 0)) + 1
        lockouts = int(record.get("lockouts", 0))
        record = {"count": count, "lockouts": lockouts, "last": now.isoformat()}
        minutes = 0
        if count >= settings.max_failures:
            minutes = min(settings.lockout_minutes * 2**lockouts, 24 * 60)
            record = {
                "count": 0,
                "lockouts": lockouts + 1,
                "last": now.isoformat(),
                "locked_until": (now + dt.timedelta(minutes=minutes)).isoformat(),
            }
        data["failures"][pair] = record
        _prune(data, now, settings)
        return record, count, minutes, name_key

    record, failures, minutes, name_key = change_accounts(store, count)
    known = raw is not None
    audit(
        store,
        "sign_in_failed",
        user=key if known else None,
        typed=None if known else name_key,
        client=client,
        failures=failures,
    )
    if "locked_until" in record:
        audit(
            store,
            "locked_out",
            user=key if known else None,
            typed=None if known else name_key,
            client=client,
            until=record["locked_until"],
        )
        raise AuthError("auth.err.locked", minutes=minutes)
    raise AuthError("auth.err.invalid")


def unlock(store: Store, name: str, by: str | None = None) -> int:
    """Lift every lockout and failure count of ``name`` (an administrator's act, audited);
    the number of (name, client) records cleared."""
    gone = change_accounts(store, lambda data: _forget_failures(data, name.strip()))
    audit(store, "unlocked", user=name.strip(), by=by, records=gone)
    return gone


def locked_names(store: Store, now: dt.datetime | None = None) -> list[str]:
    """The accounts locked out for at least one client now (for the admin's unlock list)."""
    now = now or dt.datetime.now(dt.UTC)
    data = _load(store)
    locked = set()
    for key, record in data["failures"].items():
        until = record.get("locked_until") if isinstance(record, dict) else None
        if until and dt.datetime.fromisoformat(until) > now:
            locked.add(key.split("|")[0])
    return sorted(n for n in data["accounts"] if _failure_key(data, n, None)[0] in locked)
