"""Accounts: who may sign in, with which role and scope, under argon2 password hashes.

Every account, and every failed sign-in's record (:mod:`app.auth.signin`), is in one shared
document, ``_accounts.json`` (see :mod:`app.documents`: a JSON file beside the tables, or on
S3 a one-row Delta table changed by compare-and-swap).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

import pandas as pd
from argon2 import PasswordHasher

from app.documents import read_doc, replace_doc, update_doc
from app.store import Store
from schemas import DATASETS

R = TypeVar("R")
Role = Literal["viewer", "uploader", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "uploader", "supervisor", "admin")
ACCOUNTS_FILE = "_accounts.json"
MIN_PASSWORD = 8
_hasher = PasswordHasher()


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


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    data.setdefault("accounts", {})
    # Failures under hashed (name|client) keys only: an older file's names in clear are dropped.
    failures = data.get("failures") or {}
    data["failures"] = {k: v for k, v in failures.items() if "|" in k and isinstance(v, dict)}
    return data


def _load(store: Store) -> dict[str, Any]:
    """The accounts document as it is now (a copy: changing it changes nothing stored)."""
    value = read_doc(store, ACCOUNTS_FILE)
    return _normalised(value if isinstance(value, dict) else {})


def _save(store: Store, data: dict[str, Any]) -> None:
    """Store ``data`` as the whole accounts document (over whatever is there)."""
    replace_doc(store, ACCOUNTS_FILE, data)


def change_accounts(store: Store, change: Callable[[dict[str, Any]], R]) -> R:
    """Run ``change`` on the accounts document and store the result, safely with other
    processes and servers (:func:`app.documents.update_doc`: it may run more than once)."""
    return update_doc(store, ACCOUNTS_FILE, lambda data: change(_normalised(data)))


def accounts(store: Store) -> list[Account]:
    return [Account(**a) for a in _load(store)["accounts"].values()]


def get_account(store: Store, name: str) -> Account | None:
    raw = _load(store)["accounts"].get(name)
    return Account(**raw) if raw else None


def has_accounts(store: Store) -> bool:
    return bool(_load(store)["accounts"])


def accounts_frame(store: Store) -> pd.DataFrame:
    rows = [a.public() for a in accounts(store)]
    return pd.DataFrame(
        rows, columns=["name", "role", "units", "townships", "datasets", "disabled", "created"]
    )


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

    def add(data: dict[str, Any]) -> None:
        if name in data["accounts"]:
            raise AuthError("auth.err.exists", name=name)
        data["accounts"][name] = asdict(account)

    change_accounts(store, add)
    return account


def _failure_key(data: dict[str, Any], name: str, client: str | None) -> tuple[str, str]:
    """A failed sign-in is kept under salted hashes of the name typed and of the client, never
    the name itself (a password typed into the name box would sit in the file in clear)."""
    salt = data.setdefault("salt", secrets.token_hex(16))
    name_key = hashlib.sha256(f"{salt}\0name\0{name}".encode()).hexdigest()[:32]
    client_key = hashlib.sha256(f"{salt}\0client\0{client or ''}".encode()).hexdigest()[:32]
    return name_key, client_key


def _forget_failures(data: dict[str, Any], name: str) -> int:
    """Drop every failure record (from any client) of ``name``; how many there were."""
    name_key, _ = _failure_key(data, name, None)
    gone = [k for k in data["failures"] if k.split("|")[0] == name_key]
    for key in gone:
        del data["failures"][key]
    return len(gone)
