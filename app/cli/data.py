"""Command-line data commands: ingest, template, history, rollback, export.

They run the same code path as the upload and history pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import CliError, print_frame, require_store
from app.i18n import translate
from schemas import DATASETS

LOCAL_ADMIN = "local-admin"


def _dataset(name: str, lang: str) -> str:
    if name not in DATASETS:
        raise CliError(translate("cli.unknown_dataset", lang, name=name, names=", ".join(DATASETS)))
    return name


def cmd_ingest(args: argparse.Namespace) -> int:
    from app.ingest import commit_prepared, prepare

    store, settings = require_store(args)
    name = _dataset(args.dataset, args.lang)
    path = Path(args.file)
    if not path.is_file():
        raise CliError(translate("cli.no_file", args.lang, path=args.file))
    scope = _scope_for(args, store, settings, name)
    if (store.info() or {}).get("demo"):
        print(translate("upload.demo_store", args.lang), file=sys.stderr)
    prepared = prepare(name, path.read_bytes(), path.name, store, settings, args.period, scope)
    for notice in prepared.notices:
        print(translate("cli.notice", args.lang, message=notice.message(args.lang)))
    if not prepared.ok:
        print(
            translate("cli.ingest.rejected", args.lang, count=len(prepared.problems)),
            file=sys.stderr,
        )
        for problem in prepared.problems:
            print("  " + problem.message(args.lang), file=sys.stderr)
        if args.errors_out:
            Path(args.errors_out).write_bytes(_errors_file(prepared, args.errors_out, args.lang))
        return 1
    counts = prepared.diff.counts if prepared.diff else {}
    print(translate("cli.ingest.diff", args.lang, rows=len(prepared.frame), **counts))
    if args.dry_run:
        print(translate("cli.ingest.dry_run", args.lang))
        return 0
    result = commit_prepared(prepared, store, _actor(args))
    title = DATASETS[name].title(args.lang)
    print(
        translate(
            "cli.ingest.committed",
            args.lang,
            dataset=title,
            version=result.version,
            rows=result.rows_after,
        )
    )
    return 0


def _errors_file(prepared: Any, out: str, lang: str) -> bytes:
    """The file annotated with 错误说明; where the file could not be read at all (no header:
    encrypted, corrupt, empty…), the list of problems, so ``--errors-out`` always exists."""
    from app.ingest import problems_frame
    from app.ingest.files import annotated_file, csv_bytes, xlsx_bytes

    annotated = annotated_file(prepared, lang)
    if annotated is not None:
        return annotated[0]
    frame = problems_frame(prepared.problems, lang)
    if out.lower().endswith(".xlsx"):
        return xlsx_bytes({translate("ingest.col.message", lang): frame})
    return csv_bytes(frame)


def _scope_for(args: argparse.Namespace, store: Any, settings: Any, dataset: str) -> Any:
    """The rows ``--user`` may write; None for the local administrator (no ``--user``)."""
    if args.user is None:
        return None
    from app import auth

    try:
        return auth.cli_scope(store, settings, args.user, dataset)
    except auth.AuthError as exc:
        raise CliError(translate(exc.key, args.lang, **exc.params)) from None


def _actor(args: argparse.Namespace) -> str:
    return args.user or LOCAL_ADMIN


def cmd_template(args: argparse.Namespace) -> int:
    from app.ingest.files import template

    store, _ = require_store(args)
    name = _dataset(args.dataset, args.lang)
    Path(args.out).write_bytes(template(name, store, args.lang))
    print(translate("cli.written", args.lang, path=args.out))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store, settings = require_store(args)
    name = _dataset(args.dataset, args.lang) if args.dataset else None
    frame = store.history(name)
    for column in frame.columns:  # counts are whole numbers, not 4.0 (NaN made them floats)
        if column.startswith("rows_") or column == "rollback_to":
            frame[column] = frame[column].astype("Float64").astype("Int64")
    if args.format == "table":  # the page's table (app/reports/tables/)
        from app.reports import tables

        frame = tables.history(frame, args.lang, settings.time_zone) if not frame.empty else frame
    elif args.format == "csv":
        from app.reports.tables import HISTORY_COLUMNS

        frame = frame[HISTORY_COLUMNS]
    print_frame(frame, args.format)
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from app.maintenance import window_start
    from app.store import RollbackRefused, StoreError

    store, settings = require_store(args)
    name = _dataset(args.dataset, args.lang)
    if args.user is not None:
        from app import auth

        account = auth.get_account(store, args.user)
        if account is None or account.disabled or account.role != "admin":
            raise CliError(translate("auth.err.not_admin", args.lang))
    meta = {"user": _actor(args), "message": "rollback"}
    try:
        version = store.rollback(name, args.version, meta, not_before=window_start(settings))
    except RollbackRefused as exc:  # older than the rollback window
        raise CliError(exc.message(args.lang)) from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    title = DATASETS[name].title(args.lang)
    print(
        translate("cli.rollback.done", args.lang, dataset=title, to=args.version, version=version)
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.ingest.files import csv_bytes, xlsx_bytes
    from app.store import StoreError

    store, _ = require_store(args)
    name = _dataset(args.dataset, args.lang)
    try:
        frame = store.read(name, version=args.version)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        out.write_bytes(xlsx_bytes({name: frame}))
    elif suffix == ".csv":
        out.write_bytes(csv_bytes(frame))
    elif suffix == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        raise CliError(translate("cli.export.format", args.lang))
    print(translate("cli.written", args.lang, path=args.out))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ingest", parents=[common], help="validate and commit an uploaded file")
    p.add_argument("dataset")
    p.add_argument("file")
    p.add_argument("--period", help="the month the file is for (YYYY-MM)")
    p.add_argument("--dry-run", action="store_true", help="validate and show the diff only")
    p.add_argument("--errors-out", help="write the file annotated with 错误说明 here")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("template", parents=[common], help="write an xlsx upload template")
    p.add_argument("dataset")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("history", parents=[common], help="every commit, newest first")
    p.add_argument("dataset", nargs="?")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("rollback", parents=[common], help="restore a dataset to a version")
    p.add_argument("dataset")
    p.add_argument("version", type=int)
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("export", parents=[common], help="write a dataset to xlsx/csv/parquet")
    p.add_argument("dataset")
    p.add_argument("--out", required=True)
    p.add_argument("--version", type=int)
    p.set_defaults(func=cmd_export)
