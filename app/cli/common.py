"""What every command module shares: the error type, the store helpers, table/CSV/JSON
output and the options every command takes.

Command modules import from here (and from ``app.*``), never from ``app.cli`` itself, so the
package has no import circle.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from app.i18n import translate
from app.settings import Settings, default_data_dir, load_settings
from app.store import Store


class CliError(Exception):
    """A failure to report to the user in one line, exit code 1."""


def open_store(args: argparse.Namespace) -> tuple[Store, Settings]:
    """The store and settings under ``--data-dir``, whether or not the store exists yet."""
    settings = load_settings(args.data_dir)
    return Store(args.data_dir, settings.storage_options), settings


def require_store(args: argparse.Namespace) -> tuple[Store, Settings]:
    """As :func:`open_store`, but a missing store is a :class:`CliError`."""
    store, settings = open_store(args)
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
            with pd.option_context(
                "display.max_rows",
                None,
                "display.max_columns",
                None,
                "display.width",
                200,
                "display.unicode.east_asian_width",
                True,
            ):
                print(frame.to_string(index=False))


def common_parser() -> argparse.ArgumentParser:
    """The parent parser with the options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=default_data_dir(),
        help="data directory or s3:// URL (default: %(default)s)",
    )
    common.add_argument("--lang", choices=["zh", "en"], default="zh")
    common.add_argument(
        "--user",
        help="act as this account, with its role and scope (default: the local administrator)",
    )
    return common
