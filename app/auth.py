"""Accounts, roles and scopes, enforced on the server.

Roles: ``viewer`` (leaders: every view, no upload), ``uploader`` (every view; uploads the
datasets it is granted, for its units/townships only, and answers its units' 督办 items),
``supervisor`` (督查员: every view; issues, returns, extends and closes 督办 items),
``admin`` (everything). Accounts live in
``_accounts.json`` beside the tables, with argon2 password hashes. A wrong name and a wrong
password get the same answer; five failures (configurable) from one client lock that client out
of that name for 15 minutes, doubling with each further lockout, whether or not the account
exists, so the lockout reveals nothing either; other clients are not locked out. Failed
sign-ins are kept under salted hashes, and audited (``_audit.log``); an admin unlocks.

A sign-in survives a browser reload through a session token: a random token goes to the browser
(a cookie) and only its SHA-256 hash, with the account's name and the token's issue and expiry
times, to ``_sessions.json`` beside the tables. Signing out, disabling the account or changing
its password deletes the account's entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.settings import AuthSettings
from app.store import Store
from schemas import DATASETS

Role = Literal["viewer", "uploader", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "uploader", "supervisor", "admin")
ACCOUNTS_FILE = "_accounts.json"
SESSIONS_FILE = "_sessions.json"
_hasher = PasswordHasher()

# Pages each role may open (the page files' stems). Every page checks this itself too.
VIEW_PAGES = (
    "overview",
    "indicators",
    "projects",
    "surveys",
    "field",
    "supervision",
    "appraisal",
    "unit_file",
    "bulletin",
)
PAGES: dict[str, tuple[str, ...]] = {
    "viewer": VIEW_PAGES,
    "uploader": VIEW_PAGES + ("upload", "history"),
    "supervisor": VIEW_PAGES + ("upload", "history"),
    "admin": VIEW_PAGES + ("upload", "history", "datasets", "users"),
}
MIN_PASSWORD = 8


class AuthError(ValueError):
    """A message key (``auth.err.*``) for the person, with its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class Account:
    name: str
    role: Role
    password_hash: str = field(repr=False)
    units: list[str] | None = None  # None: every unit
    townships: list[str] | None = None  # None: every township
    datasets: list[str] | None = None  # None: every dataset the role may upload
    disabled: bool = False
    created: str = ""

    def public(self) -> dict[str, Any]:
        """The account without its hash (what lists and pages may show)."""
        data = asdict(self)
        data.pop("password_hash")
        return data


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _load(store: Store) -> dict[str, Any]:
    data = store.read_json(ACCOUNTS_FILE) or {}
    data.setdefault("accounts", {})
    # Failures under hashed (name|client) keys only: an older file's names in clear are dropped.
    failures = data.get("failures") or {}
    data["failures"] = {k: v for k, v in failures.items() if "|" in k and isinstance(v, dict)}
    return data


def _save(store: Store, data: dict[str, Any]) -> None:
    store.write_json(ACCOUNTS_FILE, data)


def accounts(store: Store) -> list[Account]:
    return [Account(**a) for a in _load(store)["accounts"].values()]


def get_account(store: Store, name: str) -> Account | None:
    raw = _load(store)["accounts"].get(name)
    return Account(**raw) if raw else None


def has_accounts(store: Store) -> bool:
    return bool(_load(store)["accounts"])


def _check_grants(datasets: list[str] | None) -> None:
    for name in datasets or []:
        if name not in DATASETS:
            raise AuthError("auth.err.unknown_dataset", name=name)


def add_account(
    store: Store,
    name: str,
    password: str,
    role: Role,
    *,
    units: list[str] | None = None,
    townships: list[str] | None = None,
    datasets: list[str] | None = None,
) -> Account:
    name = name.strip()
    if not name:
        raise AuthError("auth.err.empty_name")
    if role not in ROLES:
        raise AuthError("auth.err.bad_role", role=role)
    if len(password) < MIN_PASSWORD:
        raise AuthError("auth.err.short_password", n=MIN_PASSWORD)
    _check_grants(datasets)
    account = Account(
        name,
        role,
        hash_password(password),
        units or None,
        townships or None,
        datasets or None,
        False,
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    with store.json_lock(ACCOUNTS_FILE):
        data = _load(store)
        if name in data["accounts"]:
            raise AuthError("auth.err.exists", name=name)
        data["accounts"][name] = asdict(account)
        _save(store, data)
    return account


def update_account(store: Store, name: str, **changes: Any) -> Account:
    """Change role, scope or disabled; ``password`` sets a new password."""
    if name not in _load(store)["accounts"]:
        raise AuthError("auth.err.no_such_account", name=name)
    new_hash = None
    if "password" in changes:
        password = changes.pop("password")
        if len(password) < MIN_PASSWORD:
            raise AuthError("auth.err.short_password", n=MIN_PASSWORD)
        new_hash = hash_password(password)  # slow on purpose: before the lock is taken
    if changes.get("role") is not None and changes["role"] not in ROLES:
        raise AuthError("auth.err.bad_role", role=changes["role"])
    _check_grants(changes.get("datasets"))
    with store.json_lock(ACCOUNTS_FILE):
        data = _load(store)
        if name not in data["accounts"]:
            raise AuthError("auth.err.no_such_account", name=name)
        raw = data["accounts"][name]
        if new_hash is not None:
            raw["password_hash"] = new_hash
            _forget_failures(data, name)  # a new password lifts its lockouts
        revoke = new_hash is not None or bool(changes.get("disabled"))
        for key in ("role", "units", "townships", "datasets", "disabled"):
            if key in changes:
                value = changes[key]
                raw[key] = (value or None) if isinstance(value, list) else value
        data["accounts"][name] = raw
        _save(store, data)
    if revoke:  # a new password or a disabled account ends every remembered sign-in
        revoke_sessions(store, name)
    return Account(**raw)


def _failure_key(data: dict[str, Any], name: str, client: str | None) -> tuple[str, str]:
    """A failed sign-in is kept under salted hashes of the name typed and of the client, never
    the name itself (a password typed into the name box would sit in the file in clear)."""
    salt = data.setdefault("salt", secrets.token_hex(16))
    name_key = hashlib.sha256(f"{salt}\0name\0{name}".encode()).hexdigest()[:32]
    client_key = hashlib.sha256(f"{salt}\0client\0{client or ''}".encode()).hexdigest()[:32]
    return name_key, client_key


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
        # Always checked again under the lock, on the file as it is now: guesses made at the
        # same time may have locked the pair while this password was checked (a burst of
        # concurrent guesses must not get past the lockout).
        with store.json_lock(ACCOUNTS_FILE):
            data = _load(store)
            pair = "|".join(_failure_key(data, key, client))
            _raise_if_locked(data["failures"].get(pair, {}), now)
            record = data["failures"].pop(pair, None)
            if record is not None:
                if record.get("lockouts"):  # the pair's lockouts are remembered
                    data["failures"][pair] = {
                        "count": 0,
                        "lockouts": record["lockouts"],
                        "last": now.isoformat(),
                    }
                _save(store, data)
        audit(store, "sign_in", user=key, client=client)
        return Account(**raw)
    # Counted on the file as it is now: another attempt may have counted, or locked the
    # pair, while this one's password was checked (a lockout is never undone here).
    with store.json_lock(ACCOUNTS_FILE):
        data = _load(store)
        name_key, client_key = _failure_key(data, key, client)
        pair = f"{name_key}|{client_key}"
        record = data["failures"].get(pair, {})
        _raise_if_locked(record, now)
        count = int(record.get("count", 0)) + 1
        lockouts = int(record.get("lockouts", 0))
        record = {"count": count, "lockouts": lockouts, "last": now.isoformat()}
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
        _save(store, data)
    known = raw is not None
    audit(
        store,
        "sign_in_failed",
        user=key if known else None,
        typed=None if known else name_key,
        client=client,
        failures=count,
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
    with store.json_lock(ACCOUNTS_FILE):
        data = _load(store)
        gone = _forget_failures(data, name.strip())
        _save(store, data)
    audit(store, "unlocked", user=name.strip(), by=by, records=gone)
    return gone


def _forget_failures(data: dict[str, Any], name: str) -> int:
    """Drop every failure record (from any client) of ``name``; how many there were."""
    name_key, _ = _failure_key(data, name, None)
    gone = [k for k in data["failures"] if k.split("|")[0] == name_key]
    for key in gone:
        del data["failures"][key]
    return len(gone)


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


AUDIT_FILE = "_audit.log"
_audit_logger = logging.getLogger("county.audit")


def audit(store: Store, event: str, **fields: Any) -> None:
    """One line of the sign-in audit log: JSON with the time and the event, to the server's
    log (logger ``county.audit``) and, on a local store, appended to ``_audit.log`` beside the
    tables (readable by the server's user only). A name typed that is no account's is kept
    only as its salted hash."""
    entry = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "event": event}
    entry.update({k: v for k, v in fields.items() if v is not None})
    line = json.dumps(entry, ensure_ascii=False)
    _audit_logger.info(line)
    if store.is_remote:
        return
    try:
        path = Path(store.root) / AUDIT_FILE
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(handle, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError:  # a read-only store: the server's log has it
        _audit_logger.warning("audit line not written to %s", AUDIT_FILE)


def _raise_if_locked(record: dict[str, Any], now: dt.datetime) -> None:
    locked_until = record.get("locked_until")
    if locked_until and dt.datetime.fromisoformat(locked_until) > now:
        minutes = int((dt.datetime.fromisoformat(locked_until) - now).total_seconds() // 60) + 1
        raise AuthError("auth.err.locked", minutes=minutes)


_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _prune(data: dict[str, Any], now: dt.datetime, settings: AuthSettings) -> None:
    """Forget old failure records so the file stays small (a pair's lockouts after a day)."""
    horizon = now - dt.timedelta(days=1)
    for key in list(data["failures"]):
        rec = data["failures"][key]
        stamp = rec.get("locked_until") or rec.get("last")
        if stamp and dt.datetime.fromisoformat(stamp) < horizon:
            del data["failures"][key]


# -- sessions that survive a reload ------------------------------------------------------------
# One lock for the read-modify-write of the sessions file: the app's sessions are threads of one
# process, and a revocation must not be undone by a sign-in writing back an older copy.
_MAX_TOKEN = 256  # a cookie longer than this is not one of ours


def token_hash(token: str) -> str:
    """The hash under which a token is stored (a signed-in session keeps this, not the token)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _sessions(store: Store) -> dict[str, dict[str, str]]:
    """The stored sessions; a file that is not what we write reads as none (fail closed: no
    token signs anyone in, and the next sign-in writes a good file over it)."""
    try:
        data = store.read_json(SESSIONS_FILE) or {}
    except ValueError:  # not JSON
        return {}
    sessions = data.get("sessions") if isinstance(data, dict) else None
    return sessions if isinstance(sessions, dict) else {}


def session_active(store: Store, hashed: str) -> bool:
    """Whether the token with this hash is still stored (not revoked by a sign-out elsewhere,
    a new password or a disabled account)."""
    return isinstance(_sessions(store).get(hashed), dict)


def _save_sessions(store: Store, sessions: dict[str, dict[str, str]], now: dt.datetime) -> None:
    """Write the sessions, without those that have expired."""
    kept = {}
    for key, entry in sessions.items():
        try:
            if dt.datetime.fromisoformat(entry["expires"]) > now:
                kept[key] = entry
        except (KeyError, TypeError, ValueError):
            continue
    store.write_json(SESSIONS_FILE, {"sessions": kept})


def issue_session(
    store: Store, name: str, settings: AuthSettings, now: dt.datetime | None = None
) -> tuple[str, dt.datetime]:
    """A new session token for ``name`` and its issue time. The token is returned once, for the
    browser; the store keeps only its hash (with the name, issue and expiry times)."""
    now = now or dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=settings.session_hours)
    with store.json_lock(SESSIONS_FILE):
        sessions = _sessions(store)
        sessions[token_hash(token)] = {
            "user": name,
            "issued": now.isoformat(),
            "expires": expires.isoformat(),
        }
        _save_sessions(store, sessions, now)
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
    with store.json_lock(SESSIONS_FILE):
        sessions = _sessions(store)
        if sessions.pop(token_hash, None) is not None:
            _save_sessions(store, sessions, now)


def revoke_sessions(store: Store, name: str, now: dt.datetime | None = None) -> None:
    """Forget every token of ``name`` (account disabled, password changed)."""
    now = now or dt.datetime.now(dt.UTC)
    with store.json_lock(SESSIONS_FILE):
        sessions = _sessions(store)
        kept = {
            k: e for k, e in sessions.items() if not (isinstance(e, dict) and e.get("user") == name)
        }
        if len(kept) != len(sessions):
            _save_sessions(store, kept, now)


def may_open(role: str | None, page: str) -> bool:
    return role in PAGES and page in PAGES[role]


# Facts people enter that only supervisors (督办事项: a leader's instructions) or admins
# (考核评分) upload: an uploader answers its items on the supervision page instead.
SUPERVISOR_DATASETS = ("supervision_items",)
ADMIN_DATASETS = ("appraisal_scores",)


def uploadable(account: Account) -> list[str]:
    """Datasets the account may upload: admins all; supervisors the supervision items;
    uploaders their grant, of the facts units report."""
    if account.role == "admin":
        return list(DATASETS)
    if account.role == "supervisor":
        return list(SUPERVISOR_DATASETS)
    if account.role != "uploader":
        return []
    reserved = {*SUPERVISOR_DATASETS, *ADMIN_DATASETS}
    facts = [n for n, d in DATASETS.items() if d.kind != "master" and n not in reserved]
    return [n for n in facts if account.datasets is None or n in account.datasets]


def upload_scope(store: Store, account: Account, dataset: str) -> dict[str, set[str]] | None:
    """Column → codes the account may write in ``dataset``; None for no restriction.

    Rows are matched through the codes the data carries: ``unit_code`` by the granted units,
    ``township_code`` by the granted townships, cadres by their unit, projects by their
    township."""
    if account.role in ("admin", "supervisor"):
        return None
    columns = set(DATASETS[dataset].column_names)
    scope: dict[str, set[str]] = {}
    if account.units is not None:
        units = set(account.units)
        if "unit_code" in columns:
            scope["unit_code"] = units
        elif "cadre_id" in columns:
            cadres = store.read("cadres", columns=["cadre_id", "unit_code"])
            scope["cadre_id"] = set(cadres.loc[cadres["unit_code"].isin(units), "cadre_id"])
    if account.townships is not None:
        townships = set(account.townships)
        if "township_code" in columns and "unit_code" not in scope and "cadre_id" not in scope:
            scope["township_code"] = townships
        elif "project_id" in columns:
            projects = store.read("projects", columns=["project_id", "township_code"])
            scope["project_id"] = set(
                projects.loc[projects["township_code"].isin(townships), "project_id"]
            )
    return scope or None


def accounts_frame(store: Store) -> pd.DataFrame:
    rows = [a.public() for a in accounts(store)]
    return pd.DataFrame(
        rows, columns=["name", "role", "units", "townships", "datasets", "disabled", "created"]
    )


# Demo accounts, seeded with the demo county and shown on the sign-in page only while the
# store holds demo data. (A real store starts with none.)
DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {"name": "demo-admin", "password": "demo-admin-2011", "role": "admin"},
    {"name": "demo-leader", "password": "demo-leader-2011", "role": "viewer"},
    {"name": "demo-supervisor", "password": "demo-supervisor-2011", "role": "supervisor"},
    {
        "name": "demo-uploader",
        "password": "demo-uploader-2011",
        "role": "uploader",
        "units": ["015"],
        "townships": ["01"],
        "datasets": ["indicator_values", "project_progress", "field_activities", "complaints"],
    },
]


def demo_accounts_left(store: Store) -> list[dict[str, Any]]:
    """The demo accounts that still exist in the store (what the sign-in page may list)."""
    names = set(_load(store)["accounts"])
    return [spec for spec in DEMO_ACCOUNTS if spec["name"] in names]


def remove_demo_accounts(store: Store, by: str | None = None) -> list[str]:
    """Delete the demo accounts in one step (before real use), with their sign-ins."""
    with store.json_lock(ACCOUNTS_FILE):
        data = _load(store)
        gone = [spec["name"] for spec in DEMO_ACCOUNTS if spec["name"] in data["accounts"]]
        admins = [
            n
            for n, a in data["accounts"].items()
            if n not in gone and a.get("role") == "admin" and not a.get("disabled")
        ]
        if gone and not admins:  # nobody could manage the accounts afterwards
            raise AuthError("auth.err.no_other_admin")
        for name in gone:
            del data["accounts"][name]
        _save(store, data)
    for name in gone:
        revoke_sessions(store, name)
    if gone:
        audit(store, "demo_accounts_removed", by=by, users=gone)
    return gone


def seed_demo_accounts(store: Store) -> None:
    for spec in DEMO_ACCOUNTS:
        spec = dict(spec)
        if get_account(store, spec["name"]) is None:
            add_account(store, spec.pop("name"), spec.pop("password"), spec.pop("role"), **spec)


def cli_scope(store: Store, settings: Any, user: str, dataset: str) -> dict[str, set[str]] | None:
    """The scope ``--user`` has on the command line (raises AuthError if it may not upload)."""
    account = get_account(store, user)
    if account is None or account.disabled:
        raise AuthError("auth.err.no_such_account", name=user)
    if dataset not in uploadable(account):
        raise AuthError("auth.err.not_allowed_dataset", dataset=DATASETS[dataset].title_zh)
    return upload_scope(store, account, dataset)
