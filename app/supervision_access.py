"""Who may do what with a supervision item: supervisors and admins issue, return, extend and
close; an uploader answers the items of its own units. And the error a refused step raises."""

from __future__ import annotations

from typing import Any

from app.auth import Account
from app.i18n import enum_label, translate
from app.metrics import supervision as rules

SUPERVISING_ROLES = ("supervisor", "admin")


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


def _require_supervisor(account: Account | None) -> None:
    if not may_supervise(account):
        raise SupervisionError("sup.err.not_supervisor")
