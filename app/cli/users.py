"""``python -m app users``: add, list and disable accounts. Never waits on a prompt when
stdin is not a terminal; never prints a password or hash."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from app import auth
from app.cli.common import CliError, print_frame, require_store
from app.i18n import translate


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError(translate("auth.err.no_password", args.lang))
    return getpass.getpass(translate("auth.password", args.lang) + ": ")


def cmd_users(args: argparse.Namespace) -> int:
    store, _ = require_store(args)
    try:
        if args.action == "add":
            if not args.name:
                raise CliError("NAME?")
            auth.add_account(
                store,
                args.name,
                _password(args),
                args.role,
                units=_split(args.units),
                townships=_split(args.townships),
                datasets=_split(args.datasets),
            )
            print(
                translate(
                    "cli.users.added",
                    args.lang,
                    name=args.name,
                    role=translate(f"auth.role.{args.role}", args.lang),
                )
            )
        elif args.action == "list":
            print_frame(auth.accounts_frame(store), args.format)
        elif args.action == "disable":
            auth.update_account(store, args.name, disabled=True)
            print(translate("cli.users.disabled", args.lang, name=args.name))
        elif args.action == "unlock":
            if not args.name or auth.get_account(store, args.name) is None:
                raise auth.AuthError("auth.err.no_such_account", name=args.name or "")
            auth.unlock(store, args.name, by=args.user or "local-admin")
            print(translate("auth.unlocked", args.lang, name=args.name))
        elif args.action == "remove-demo":
            gone = auth.remove_demo_accounts(store, by=args.user or "local-admin")
            print(translate("cli.users.demo_removed", args.lang, names="、".join(gone) or "-"))
    except auth.AuthError as exc:
        raise CliError(translate(exc.key, args.lang, **exc.params)) from None
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("users", parents=[common], help="manage accounts")
    p.add_argument("action", choices=["add", "list", "disable", "unlock", "remove-demo"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=list(auth.ROLES), default="viewer")
    p.add_argument("--units", help="comma-separated unit codes an uploader may write")
    p.add_argument("--townships", help="comma-separated township codes an uploader may write")
    p.add_argument("--datasets", help="comma-separated datasets an uploader may upload")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_users)
