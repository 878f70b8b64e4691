"""``python -m app init | datasets``: create a store and list its datasets."""

from __future__ import annotations

import argparse
import shutil
from typing import Any

from app.cli.common import CliError, open_store, print_frame, require_store
from app.i18n import translate
from app.store import Store


def cmd_init(args: argparse.Namespace) -> int:
    store, settings = open_store(args)
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

    store, _ = require_store(args)
    print_frame(dataset_listing(store, args.lang), args.format)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create a store (demo or empty)")
    group = p.add_mutually_exclusive_group(required=True)  # never a demo by accident
    group.add_argument(
        "--demo", action="store_true", help="seed the demo county (with demo accounts)"
    )
    group.add_argument("--empty", action="store_true", help="create empty datasets")
    p.add_argument("--force", action="store_true", help="overwrite an existing store")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("datasets", parents=[common], help="list datasets with rows and versions")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_datasets)
