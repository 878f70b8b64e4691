"""``python -m app maintain | backup | restore``: keeping a store over the years.

``maintain`` compacts, vacuums (keeping the rollback window), checkpoints and cleans every
table's log (``app.maintenance``); ``backup`` writes the whole store to one file and
``restore`` recreates a store from one (``app.backup``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd

from app.cli.common import CliError, open_store, print_frame, require_store
from app.i18n import translate

LOCAL_ADMIN = "local-admin"


def _require_admin(args: argparse.Namespace, store: Any) -> str:
    """The acting account's name; ``--user`` must be an enabled administrator."""
    if args.user is None:
        return LOCAL_ADMIN
    from app import auth

    account = auth.get_account(store, args.user)
    if account is None or account.disabled or account.role != "admin":
        raise CliError(translate("auth.err.not_admin", args.lang))
    return args.user


def cmd_maintain(args: argparse.Namespace) -> int:
    from app.maintenance import MaintenanceBusy, maintain

    store, settings = require_store(args)
    user = _require_admin(args, store)
    try:
        run = maintain(
            store, settings, dry_run=args.dry_run, datasets=args.dataset or None, user=user
        )
    except MaintenanceBusy:
        raise CliError(translate("ops.maintain.busy", args.lang)) from None
    if args.format == "json":
        print(json.dumps(run.as_dict(), ensure_ascii=False, indent=2))
    else:
        rows = [
            {
                translate("ops.col.dataset", args.lang): t.dataset,
                translate("ops.col.version", args.lang): f"{t.version_before}→{t.version_after}",
                translate("ops.col.files", args.lang): f"{t.files_before}→{t.files_after}",
                translate("ops.col.compacted", args.lang): t.files_compacted,
                translate("ops.col.vacuumed", args.lang): t.files_vacuumed,
                translate("ops.col.freed_mb", args.lang): round(t.bytes_vacuumed / 1e6, 2),
                translate("ops.col.logs_removed", args.lang): t.logs_removed,
                translate("ops.col.note", args.lang): t.error
                or (translate(f"ops.skipped.{t.skipped}", args.lang) if t.skipped else ""),
            }
            for t in run.tables
        ]
        print_frame(pd.DataFrame(rows), "table")
        key = "ops.maintain.dry_run" if args.dry_run else "ops.maintain.done"
        print(translate(key, args.lang, since=run.window_start[:10]))
    return 0 if run.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from app.backup import BackupError, create_backup
    from app.settings import settings_path

    store, _ = require_store(args)
    _require_admin(args, store)
    try:
        info = create_backup(store, args.out, settings_path(args.data_dir))
    except BackupError as exc:
        raise CliError(exc.message(args.lang)) from None
    rows = sum(t["rows"] for t in info.tables.values())
    print(
        translate(
            "ops.backup.done",
            args.lang,
            path=args.out,
            tables=sum(1 for t in info.tables.values() if t["version"] >= 0),
            rows=rows,
            files=len(info.files),
        )
    )
    for note in info.notes:
        print(translate(f"ops.note.{note}", args.lang))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app import auth
    from app.backup import BackupError, restore_backup

    store, _ = open_store(args)
    if not Path(args.file).is_file():
        raise CliError(translate("cli.no_file", args.lang, path=args.file))
    user = args.user or LOCAL_ADMIN
    try:
        info = restore_backup(args.file, store, force=args.force, user=user)
    except BackupError as exc:
        raise CliError(exc.message(args.lang)) from None
    auth.audit(store, "restore", by=user, file=Path(args.file).name)
    rows = sum(t["rows"] for t in info.tables.values())
    print(
        translate(
            "ops.restore.done",
            args.lang,
            path=args.data_dir,
            tables=len(info.tables),
            rows=rows,
            files=len(info.files),
        )
    )
    for note in info.notes:
        key = f"ops.note.{note.split(':')[0]}"
        print(translate(key, args.lang, detail=note.partition(":")[2]))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "maintain",
        parents=[common],
        help="compact, vacuum and checkpoint every table (keeping the rollback window)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be done, change nothing")
    p.add_argument("--dataset", action="append", help="only this dataset (repeatable)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_maintain)

    p = sub.add_parser("backup", parents=[common], help="write the whole store to one file")
    p.add_argument("--out", required=True, help="the backup file (.tar, .tar.gz or .tgz)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="recreate a store from a backup file")
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="replace the store in --data-dir")
    p.set_defaults(func=cmd_restore)
