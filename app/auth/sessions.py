"""Sign-ins that survive a browser reload.

A random token goes to the browser (a cookie) and only its SHA-256 hash, with the account's
name and the token's issue and expiry times, to the shared document ``_sessions.json``
(:mod:`app.documents`). Signing out, disabling the account or changing its password deletes
the account's entries; every page rerun checks that the token's entry is still there, which on
S3 costs one listing of the document's log while nothing changed (the document is cached by
version).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from app.auth.accounts import Account, get_account
from app.documents import read_doc, update_doc
from app.settings import AuthSettings
from app.store import Store

SESSIONS_FILE = "_sessions.json"
_MAX_TOKEN = 256  # a cookie longer than this is not one of ours


def token_hash(token: str) -> str:
    """The hash under which a token is stored (a signed-in session keeps this, not the token)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _entries(data: Any) -> dict[str, dict[str, str]]:
    sessions = data.get("sessions") if isinstance(data, dict) else None
    return sessions if isinstance(sessions, dict) else {}


def _sessions(store: Store) -> dict[str, dict[str, str]]:
    """The stored sessions; a file that is not what we write reads as none (fail closed: no
    token signs anyone in, and the next sign-in writes a good file over it)."""
    try:
        return _entries(read_doc(store, SESSIONS_FILE))
    except ValueError:  # not JSON
        return {}


def _unexpired(sessions: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    kept = {}
    for key, entry in sessions.items():
        try:
            if dt.datetime.fromisoformat(entry["expires"]) > now:
                kept[key] = entry
        except (KeyError, TypeError, ValueError):
            continue
    return kept


def _change_sessions(
    store: Store, change: Callable[[dict[str, Any]], bool], now: dt.datetime
) -> None:
    """Run ``change`` on the stored sessions; where it says it changed them, store them
    without those that have expired (nothing is written otherwise)."""

    def apply(data: dict[str, Any]) -> None:
        sessions = dict(_entries(data))
        if change(sessions):
            data.clear()
            data["sessions"] = _unexpired(sessions, now)

    update_doc(store, SESSIONS_FILE, apply, corrupt_as_empty=True)


def session_active(store: Store, hashed: str) -> bool:
    """Whether the token with this hash is still stored (not revoked by a sign-out elsewhere,
    a new password or a disabled account)."""
    return isinstance(_sessions(store).get(hashed), dict)


def issue_session(
    store: Store, name: str, settings: AuthSettings, now: dt.datetime | None = None
) -> tuple[str, dt.datetime]:
    """A new session token for ``name`` and its issue time. The token is returned once, for the
    browser; the store keeps only its hash (with the name, issue and expiry times)."""
    now = now or dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=settings.session_hours)
    entry = {"user": name, "issued": now.isoformat(), "expires": expires.isoformat()}

    def add(sessions: dict[str, Any]) -> bool:
        sessions[token_hash(token)] = dict(entry)
        return True

    _change_sessions(store, add, now)
    return token, now


def verify_session(
    store: Store, token: str | None, settings: AuthSettings, now: dt.datetime | None = None
) -> tuple[Account, dt.datetime] | None:
    """The account a token signs in and the token's issue time, or None when the token is
    unknown, revoked or expired (by its own expiry or by today's ``session_hours``), or its
    account is gone or disabled."""
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN:
        return None
    now = now or dt.datetime.now(dt.UTC)
    entry = _sessions(store).get(token_hash(token))
    if not isinstance(entry, dict):
        return None
    try:
        issued = dt.datetime.fromisoformat(entry["issued"])
        expires = dt.datetime.fromisoformat(entry["expires"])
        name = str(entry["user"])
        if now >= expires or now - issued > dt.timedelta(hours=settings.session_hours):
            return None
    except (KeyError, TypeError, ValueError):  # not what we write (times without a zone…)
        return None
    account = get_account(store, name)
    if account is None or account.disabled:
        return None
    return account, issued


def revoke_session(store: Store, token: str | None, now: dt.datetime | None = None) -> None:
    """Forget one token (signing out)."""
    if not isinstance(token, str) or not token:
        return
    revoke_session_hash(store, token_hash(token), now)


def revoke_session_hash(store: Store, token_hash: str, now: dt.datetime | None = None) -> None:
    """Forget one token by its hash (what a signed-in session keeps)."""
    now = now or dt.datetime.now(dt.UTC)
    _change_sessions(store, lambda sessions: sessions.pop(token_hash, None) is not None, now)


def revoke_sessions(store: Store, name: str, now: dt.datetime | None = None) -> None:
    """Forget every token of ``name`` (account disabled, password changed)."""
    now = now or dt.datetime.now(dt.UTC)

    def forget(sessions: dict[str, Any]) -> bool:
        mine = [k for k, e in sessions.items() if isinstance(e, dict) and e.get("user") == name]
        for key in mine:
            del sessions[key]
        return bool(mine)

    _change_sessions(store, forget, now)
