"""``python -m app supervise``: the 督查督办 loop on the command line, the same rules as the page.

``propose`` lists a month's findings not yet acted on (nothing stored); ``issue`` stores them;
``list`` shows the register at a date; ``feedback``, ``return``, ``extend`` and ``close`` move
one item on. ``--user`` acts with that account's role and scope (an uploader answers its own
units' items only); without it, the local administrator. ``--on`` is the date the step
happened (default today), so what happened on paper can be recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from app import auth, supervision
from app.cli.common import CliError, print_frame, require_store
from app.i18n import translate
from app.reports import supervision as reports
from app.reports import tables
from schemas.common import PERIOD_PATTERN, SUPERVISION_SOURCES, SUPERVISION_STATUSES

LOCAL_ADMIN = "local-admin"
PROPOSAL_FIELDS = ["source", "subject_code", "unit_code", "cadre_id", "period", "finding"]
LIST_FIELDS = [
    "item_id",
    "source",
    "subject_code",
    "ref",
    "unit_code",
    "cadre_id",
    "period",
    "finding",
    "requirement",
    "issued_on",
    "due_on",
    "status",
    "light",
    "overdue_days",
    "feedback_text",
    "feedback_on",
    "closed_on",
]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _month(text: str) -> str:
    import re

    if not re.match(PERIOD_PATTERN, text):
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text}")
    return text


def _account(args: argparse.Namespace, store: Any) -> auth.Account:
    if not args.user:
        return auth.Account(name=LOCAL_ADMIN, role="admin", password_hash="")
    account = auth.get_account(store, args.user)
    if account is None or account.disabled:
        raise CliError(translate("auth.err.no_such_account", args.lang, name=args.user))
    return account


def _print_json(frame: pd.DataFrame) -> None:
    """The records as JSON, dates as YYYY-MM-DD (the contract's), not timestamps."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    print_frame(shown, "json")


def cmd_supervise(args: argparse.Namespace) -> int:
    store, settings = require_store(args)
    read = store.read
    lang = args.lang
    names = tables.Names.read(read)
    if args.action in ("propose", "issue") and not args.month:
        raise CliError(translate("sup.cli.no_month", lang))
    try:
        if args.action == "propose":
            found = reports.supervision_proposals(read, settings, args.month)
            if args.format == "json":
                _print_json(found[PROPOSAL_FIELDS])
            else:
                print_frame(
                    tables.headed(tables.supervision_proposals(found, names, lang), lang),
                    args.format,
                )
        elif args.action == "issue":
            account = _account(args, store)
            ids = supervision.issue(
                store,
                settings,
                args.month,
                user=account.name,
                account=account,
                sources=args.source or None,
                due_days=args.due_days,
                due=args.due,
                on=args.on,
            )
            print(translate("sup.cli.issued", lang, count=len(ids), month=args.month))
            for item_id in ids:
                print(item_id)
        elif args.action == "list":
            as_of = args.as_of or supervision.today(settings)
            states = reports.supervision_register(read, settings, as_of)
            if args.status:
                states = states[states["status_at"] == args.status]
            if args.unit:
                states = states[states["unit_code"] == args.unit]
            if args.format == "json":
                shown = states.assign(status=states["status_at"], due_on=states["due_at"])
                _print_json(shown[LIST_FIELDS])
            else:
                person = tables.supervision_register(states, names, lang)
                print_frame(tables.headed(person, lang), args.format)
        else:
            _step(args, store, settings)
    except supervision.SupervisionError as exc:
        raise CliError(exc.message(lang)) from None
    return 0


def _step(args: argparse.Namespace, store: Any, settings: Any) -> None:
    account = _account(args, store)
    if not args.item:
        raise CliError(translate("sup.cli.no_item", args.lang))
    if args.action == "feedback":
        if not args.text:
            raise CliError(translate("sup.err.no_text", args.lang))
        file = None
        if args.file:
            path = Path(args.file)
            if not path.is_file():
                raise CliError(translate("sup.cli.no_file", args.lang, path=args.file))
            file = (path.name, path.read_bytes())
        supervision.feedback(
            store, settings, args.item, text=args.text, account=account, file=file, on=args.on
        )
    elif args.action == "return":
        supervision.return_item(
            store, settings, args.item, reason=args.reason or "", account=account, on=args.on
        )
    elif args.action == "extend":
        if args.to is None:
            raise CliError(translate("sup.cli.no_to", args.lang))
        supervision.extend(
            store,
            settings,
            args.item,
            to=args.to,
            reason=args.reason or "",
            account=account,
            on=args.on,
        )
    elif args.action == "close":
        supervision.close(store, settings, args.item, account=account, on=args.on)
    action = translate(f"enum.sup_action.{args.action}", args.lang)
    print(translate("sup.cli.done", args.lang, item=args.item, action=action))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("supervise", parents=[common], help="督查督办: propose, issue, follow items")
    p.add_argument(
        "action", choices=["propose", "issue", "list", "feedback", "return", "extend", "close"]
    )
    p.add_argument("item", nargs="?", help="the item (feedback, return, extend, close)")
    p.add_argument("--month", type=_month, help="the month of the findings (YYYY-MM)")
    p.add_argument("--source", action="append", choices=SUPERVISION_SOURCES, help="only these")
    p.add_argument("--due-days", type=int, help="days from issue to due (default: per source)")
    p.add_argument("--due", type=_date, help="the due date (YYYY-MM-DD)")
    p.add_argument("--on", type=_date, help="the date of the step (default: today)")
    p.add_argument("--as-of", type=_date, help="the register at this date (default: today)")
    p.add_argument("--status", choices=SUPERVISION_STATUSES)
    p.add_argument("--unit", help="only this responsible unit")
    p.add_argument("--text", help="the unit's answer")
    p.add_argument("--file", help="a file attached to the answer")
    p.add_argument("--reason", help="why it is returned or extended")
    p.add_argument("--to", type=_date, help="the new due date (extend)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_supervise)
