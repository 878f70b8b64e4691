"""The command line: everything the pages do, for scripts and administrators.

Exit codes: 0 done, 1 rejected or failed (the message says why), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

import pandas as pd

from app.i18n import translate
from app.settings import Settings, default_data_dir, load_settings
from app.store import Store


class CliError(Exception):
    """A failure to report to the user in one line, exit code 1."""


def _store(args: argparse.Namespace) -> tuple[Store, Settings]:
    settings = load_settings(args.data_dir)
    return Store(args.data_dir, settings.storage_options), settings


def _require_store(args: argparse.Namespace) -> tuple[Store, Settings]:
    store, settings = _store(args)
    if not store.exists():
        raise CliError(translate("cli.no_store", args.lang, path=args.data_dir))
    return store, settings


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """A frame as a readable table, CSV or JSON records (numbers as JSON numbers, dates ISO)."""
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":  # opened in Excel: a cell that looks like a formula stays text
        from app.ingest.files import safe_frame

        sys.stdout.write(safe_frame(frame).to_csv(index=False))
    else:
        if frame.empty:
            print("（无）")
        else:
            with pd.option_context("display.max_rows", None, "display.max_columns", None,
                                   "display.width", 200, "display.unicode.east_asian_width", True):
                print(frame.to_string(index=False))


def cmd_init(args: argparse.Namespace) -> int:
    store, settings = _store(args)
    if store.exists():
        if not args.force:
            raise CliError(translate("cli.init.exists", args.lang, path=args.data_dir))
        if store.is_remote:
            raise CliError("--force cannot clear a remote store; delete its prefix first")
        shutil.rmtree(args.data_dir)
        store = Store(args.data_dir, settings.storage_options)
    if args.empty:
        store.init(demo=False, metadata={"user": args.user or "local-admin"})
        print(translate("cli.init.done_empty", args.lang, path=args.data_dir))
    else:
        from app.demo import seed_demo

        seed_demo(store, settings)
        print(translate("cli.init.done_demo", args.lang, path=args.data_dir))
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    from app.catalog import dataset_listing

    store, _ = _require_store(args)
    print_frame(dataset_listing(store, args.lang), args.format)
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", default=default_data_dir(), help="data directory or s3:// URL (default: %(default)s)"
    )
    common.add_argument("--lang", choices=["zh", "en"], default="zh")
    common.add_argument(
        "--user",
        help="act as this account, with its role and scope (default: the local administrator)",
    )

    parser = argparse.ArgumentParser(prog="python -m app", description="县域发展绩效看板 command line")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", parents=[common], help="create a store (demo or empty)")
    group = p.add_mutually_exclusive_group(required=True)  # never a demo by accident
    group.add_argument("--demo", action="store_true", help="seed the demo county (with demo accounts)")
    group.add_argument("--empty", action="store_true", help="create empty datasets")
    p.add_argument("--force", action="store_true", help="overwrite an existing store")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("datasets", parents=[common], help="list datasets with rows and versions")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_datasets)

    for register in _EXTENSIONS:
        register(sub, common)
    return parser


# Further command groups (reports, ingest …) register themselves here.
_EXTENSIONS: list[Any] = []


def main(argv: list[str] | None = None) -> int:
    import app.cli_bulletin  # noqa: F401
    import app.cli_data  # noqa: F401  (registers its commands)
    import app.cli_reports  # noqa: F401
    import app.cli_users  # noqa: F401

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
