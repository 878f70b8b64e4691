"""``python -m app bulletin | quarterly | export-month``: the 月度通报 and 季度报告 as Word
documents and the month's data as an Excel workbook, written to a file.

    python -m app bulletin --month 2011-05                  # → 月度通报_2011-05.docx
    python -m app quarterly --quarter 2011Q2 --out q2.docx
    python -m app export-month --month 2011-05 --out 2011-05.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import CliError, require_store
from app.i18n import translate


def _write(path: str, data: bytes, lang: str) -> int:
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    print(translate("bulletin.cli.written", lang, path=str(target)))
    return 0


def _month(args: argparse.Namespace) -> str:
    from app.reports.export import check_month

    try:
        return check_month(args.month)
    except ValueError as exc:
        raise CliError(translate("bulletin.cli.bad_month", args.lang, value=args.month)) from exc


def cmd_bulletin(args: argparse.Namespace) -> int:
    from app.reports.bulletin import bulletin

    month = _month(args)
    store, settings = require_store(args)
    out = args.out or translate("bulletin.file.bulletin", "zh", month=month)
    return _write(out, bulletin(store.read, settings, month, args.lang), args.lang)


def cmd_quarterly(args: argparse.Namespace) -> int:
    from app.reports.bulletin import quarter_period, quarterly

    try:
        quarter = quarter_period(args.quarter).code
    except ValueError as exc:
        raise CliError(
            translate("bulletin.cli.bad_quarter", args.lang, value=args.quarter)
        ) from exc
    store, settings = require_store(args)
    out = args.out or translate("bulletin.file.quarterly", "zh", quarter=quarter)
    return _write(out, quarterly(store.read, settings, quarter, args.lang), args.lang)


def cmd_export_month(args: argparse.Namespace) -> int:
    from app.reports.export import month_workbook

    month = _month(args)
    store, settings = require_store(args)
    out = args.out or translate("bulletin.file.workbook", "zh", month=month)
    return _write(out, month_workbook(store.read, settings, month, args.lang), args.lang)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("bulletin", parents=[common], help="write the monthly bulletin (.docx)")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--out", help="output .docx (default: 月度通报_YYYY-MM.docx)")
    p.set_defaults(func=cmd_bulletin)

    p = sub.add_parser("quarterly", parents=[common], help="write the quarterly report (.docx)")
    p.add_argument("--quarter", required=True, help="e.g. 2011Q2")
    p.add_argument("--out", help="output .docx (default: 季度报告_2011Q2.docx)")
    p.set_defaults(func=cmd_quarterly)

    p = sub.add_parser(
        "export-month", parents=[common], help="write the month's data as an Excel workbook (.xlsx)"
    )
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--out", help="output .xlsx (default: 月度数据_YYYY-MM.xlsx)")
    p.set_defaults(func=cmd_export_month)
