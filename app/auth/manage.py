"""Changing accounts in ways that end their sign-ins, and the demo accounts."""

from __future__ import annotations

from typing import Any

from app.auth.accounts import (
    MIN_PASSWORD,
    ROLES,
    Account,
    AuthError,
    _check_grants,
    _forget_failures,
    _load,
    add_account,
    change_accounts,
    get_account,
    hash_password,
)
from app.auth.audit import audit
from app.auth.sessions import revoke_sessions
from app.store import Store


def update_account(store: Store, name: str, **changes: Any) -> Account:
    """Change role, scope or disabled; ``password`` sets a new password."""
    if name not in _load(store)["accounts"]:
        raise AuthError("auth.err.no_such_account", name=name)
    new_hash = None
    if "password" in changes:
        password = changes.pop("password")
        if len(password) < MIN_PASSWORD:
            raise AuthError("auth.err.short_password", n=MIN_PASSWORD)
        new_hash = hash_password(password)  # slow on purpose: before the document is changed
    if changes.get("role") is not None and changes["role"] not in ROLES:
        raise AuthError("auth.err.bad_role", role=changes["role"])
    _check_grants(changes.get("datasets"))

    def change(data: dict[str, Any]) -> dict[str, Any]:
        if name not in data["accounts"]:
            raise AuthError("auth.err.no_such_account", name=name)
        raw = data["accounts"][name]
        if new_hash is not None:
            raw["password_hash"] = new_hash
            _forget_failures(data, name)  # a new password lifts its lockouts
        for key in ("role", "units", "townships", "datasets", "disabled"):
            if key in changes:
                value = changes[key]
                raw[key] = (value or None) if isinstance(value, list) else value
        return dict(raw)

    raw = change_accounts(store, change)
    if new_hash is not None or bool(changes.get("disabled")):
        revoke_sessions(store, name)  # a new password or a disabled account ends sign-ins
    return Account(**raw)


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

    def remove(data: dict[str, Any]) -> list[str]:
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
        return gone

    gone = change_accounts(store, remove)
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
