"""Roles and scopes: the pages a role may open, the datasets and rows an account may upload.

Roles: ``viewer`` (leaders: every view, no upload), ``uploader`` (every view; uploads the
datasets it is granted, for its units/townships only, and answers its units' 督办 items),
``supervisor`` (督查员: every view; issues, returns, extends and closes 督办 items),
``admin`` (everything).
"""

from __future__ import annotations

from typing import Any

from app.auth.accounts import Account, AuthError, get_account
from app.store import Store
from schemas import DATASETS

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

# Facts people enter that only supervisors (督办事项: a leader's instructions) or admins
# (考核评分) upload: an uploader answers its items on the supervision page instead.
SUPERVISOR_DATASETS = ("supervision_items",)
ADMIN_DATASETS = ("appraisal_scores",)


def may_open(role: str | None, page: str) -> bool:
    return role in PAGES and page in PAGES[role]


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


def cli_scope(store: Store, settings: Any, user: str, dataset: str) -> dict[str, set[str]] | None:
    """The scope ``--user`` has on the command line (raises AuthError if it may not upload)."""
    account = get_account(store, user)
    if account is None or account.disabled:
        raise AuthError("auth.err.no_such_account", name=user)
    if dataset not in uploadable(account):
        raise AuthError("auth.err.not_allowed_dataset", dataset=DATASETS[dataset].title_zh)
    return upload_scope(store, account, dataset)
