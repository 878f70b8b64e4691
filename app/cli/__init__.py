"""The command line: everything the pages do, for scripts and administrators.

Exit codes: 0 done, 1 rejected or failed (the message says why), 2 usage error.

Each command group is a module with ``register(sub, common)``; :data:`COMMANDS` lists them in
the order ``--help`` shows them. The modules import only :mod:`app.cli.common` (and ``app.*``),
never this package, so ``python -m app`` and ``python -m app.cli`` build the same parser.
"""

from __future__ import annotations

import argparse
import sys

from app.cli import bulletin, data, operations, reports, store_commands, supervise, users
from app.cli.common import CliError, common_parser

# The command groups, in --help order.
COMMANDS = [store_commands, bulletin, data, reports, supervise, users, operations]


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(
        prog="python -m app", description="县域发展绩效看板 command line"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for group in COMMANDS:
        group.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 1
