"""Accounts, roles and scopes, enforced on the server.

* :mod:`~app.auth.accounts`: the accounts (argon2 password hashes) in the shared document
  ``_accounts.json``;
* :mod:`~app.auth.signin`: signing in with a password; failed sign-ins and the lockout;
* :mod:`~app.auth.sessions`: sign-ins that survive a reload (``_sessions.json``);
* :mod:`~app.auth.manage`: changes that end an account's sign-ins; the demo accounts;
* :mod:`~app.auth.roles`: the pages a role may open, the datasets and rows it may upload;
* :mod:`~app.auth.audit`: the sign-in audit log (``_audit.log``).

Both documents are changed by read-modify-write through :mod:`app.documents`: on a local data
directory under a file lock, on S3 by compare-and-swap, so several servers and the command
line on one store never lose each other's changes. Everything is re-exported here
(``from app import auth; auth.authenticate(…)``).
"""

from app.auth.accounts import (
    ACCOUNTS_FILE,
    MIN_PASSWORD,
    ROLES,
    Account,
    AuthError,
    Role,
    _failure_key,
    _forget_failures,
    _hasher,
    _load,
    _save,
    accounts,
    accounts_frame,
    add_account,
    change_accounts,
    get_account,
    has_accounts,
    hash_password,
)
from app.auth.audit import AUDIT_FILE, audit
from app.auth.manage import (
    DEMO_ACCOUNTS,
    demo_accounts_left,
    remove_demo_accounts,
    seed_demo_accounts,
    update_account,
)
from app.auth.roles import (
    ADMIN_DATASETS,
    PAGES,
    SUPERVISOR_DATASETS,
    VIEW_PAGES,
    cli_scope,
    may_open,
    upload_scope,
    uploadable,
)
from app.auth.sessions import (
    SESSIONS_FILE,
    issue_session,
    revoke_session,
    revoke_session_hash,
    revoke_sessions,
    session_active,
    token_hash,
    verify_session,
)
from app.auth.signin import authenticate, locked_names, unlock

__all__ = [
    "ACCOUNTS_FILE",
    "ADMIN_DATASETS",
    "AUDIT_FILE",
    "DEMO_ACCOUNTS",
    "MIN_PASSWORD",
    "PAGES",
    "ROLES",
    "SESSIONS_FILE",
    "SUPERVISOR_DATASETS",
    "VIEW_PAGES",
    "Account",
    "AuthError",
    "Role",
    "_failure_key",
    "_forget_failures",
    "_hasher",
    "_load",
    "_save",
    "accounts",
    "accounts_frame",
    "add_account",
    "audit",
    "authenticate",
    "change_accounts",
    "cli_scope",
    "demo_accounts_left",
    "get_account",
    "has_accounts",
    "hash_password",
    "issue_session",
    "locked_names",
    "may_open",
    "remove_demo_accounts",
    "revoke_session",
    "revoke_session_hash",
    "revoke_sessions",
    "seed_demo_accounts",
    "session_active",
    "token_hash",
    "unlock",
    "update_account",
    "upload_scope",
    "uploadable",
    "verify_session",
]
