"""``python -m app report KIND``: every rule's result as a table, CSV or JSON.

The JSON shapes are a contract other tools rely on (numbers as JSON numbers, ratios as
fractions, dates ISO, null where there is no value).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from typing import Any

import pandas as pd

from app.cli.common import CliError, print_frame, require_store
from app.i18n import translate
from app.reports import compute, programme, tables

# Per report: the JSON fields, in order.
FIELDS = {
    "targets": [
        "indicator_code",
        "township_code",
        "actual",
        "target",
        "stretch_target",
        "completion",
        "time_progress",
        "light",
        "yoy",
    ],
    "framework": ["item", "level", "indicators", "green", "yellow", "red", "none"],
    "township-ranking": [
        "township_code",
        "actual",
        "target",
        "completion",
        "light",
        "rank",
        "previous_rank",
        "rank_change",
    ],
    "stalled-projects": [
        "project_id",
        "name",
        "township_code",
        "level",
        "lead_cadre_id",
        "last_invested_period",
        "idle_months",
    ],
    "survey-ranking": ["unit_code", "category", "round", "score", "rank", "bottom"],
    "accountability": ["unit_code", "category", "action", "round", "reason", "township_code"],
    "survey-missing": ["unit_code", "category", "round"],
    "field-days": [
        "cadre_id",
        "level",
        "days",
        "required",
        "due",
        "status",
        "liaison_short_months",
    ],
    "petitions": ["cadre_id", "level", "before_festival", "in_year", "status"],
}


def _clean(value: Any) -> Any:
    """A JSON-ready value: NaN/NA → None, numpy scalars → Python, dates → ISO."""
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def records(frame: pd.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    present = [f for f in fields if f in frame.columns]
    return [
        {f: _clean(v) for f, v in zip(present, row, strict=True)}
        for row in frame[present].itertuples(index=False, name=None)
    ]


def cmd_report(args: argparse.Namespace) -> int:
    if args.kind in APPRAISAL_KINDS:  # the year-end appraisal and the records
        return _appraisal_report(args)
    store, settings = require_store(args)
    read = store.read
    year = args.year or settings.year
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else compute.default_as_of(read, year)
    month = args.month or (
        f"{as_of.year}-{as_of.month:02d}" if args.as_of else compute.default_month(read, year)
    )
    kind = args.kind
    if kind in programme.KINDS:
        return _programme_report(args, read, settings, year, as_of, month)
    if kind == "project-year":
        result = compute.project_year(read, settings, year, month)
        measures = [
            {k: _clean(m.get(k)) for k in ("measure", "actual", "target", "stretch_target", "met")}
            for m in result["measures"]
        ]
        stalled = result["stalled"]["project_id"].tolist()
        if args.format == "json":
            print(
                json.dumps(
                    {"measures": measures, "stalled_projects": stalled},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            frame = pd.DataFrame(measures)
            if args.format == "table":
                frame = tables.headed(tables.project_year(result, None, args.lang), args.lang)
            print_frame(frame, args.format)
            if args.format == "table":
                print(translate("report.stalled", args.lang, ids="、".join(stalled) or "—"))
        return 0
    if kind == "targets":
        frame = compute.targets(read, settings, year, month)
        frame = frame[frame["target"].notna()]
    elif kind == "framework":
        frame = compute.framework(read, settings, year, month)
    elif kind == "township-ranking":
        if not args.indicator:
            raise CliError(translate("report.need_indicator", args.lang))
        frame = compute.township_ranking(read, settings, year, month, args.indicator)
    elif kind == "stalled-projects":
        frame = compute.stalled_projects(read, settings, month)
    elif kind == "survey-ranking":
        frame = compute.survey_ranking(read, settings, year)
    elif kind == "accountability":
        frame = compute.accountability(read, settings, year, as_of)
    elif kind == "survey-missing":
        frame = compute.survey_missing(read, year)
    elif kind == "field-days":
        frame = compute.field_days(read, settings, year, as_of)
    else:
        frame = compute.petitions(read, settings, as_of)
    fields = FIELDS[kind]
    if args.format == "json":
        print(json.dumps(records(frame, fields), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print_frame(frame[[f for f in fields if f in frame.columns]], "csv")
    else:
        print(
            translate(
                "report.header",
                args.lang,
                kind=translate(f"report.kind.{kind}", args.lang),
                year=year,
                as_of=as_of.isoformat(),
                month=month,
            )
        )
        print_frame(_person_table(kind, frame, read, args.lang), "table")
    return 0


# The reports whose table a person reads is the pages' and the workbook's (app.reports.tables).
TABLES = {
    "targets": tables.targets,
    "framework": tables.framework,
    "township-ranking": tables.township_ranking,
    "stalled-projects": tables.stalled,
    "survey-ranking": tables.survey_ranking,
    "accountability": tables.accountability,
    "survey-missing": tables.units_missing,
    "field-days": tables.field_days,
    "petitions": tables.petitions,
}


def _programme_report(
    args: argparse.Namespace, read: Any, settings: Any, year: int, as_of: dt.date, month: str
) -> int:
    """The programme's report kinds (app.reports.programme): the contract's JSON fields, or
    the table the pages show."""
    frame = programme.kind_report(read, settings, args.kind, year, as_of)
    fields = programme.KINDS[args.kind]
    if args.format == "json":
        print(json.dumps(records(frame, fields), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print_frame(frame[fields], "csv")
    else:
        kind = translate(f"report.kind.{args.kind}", args.lang)
        print(
            translate(
                "report.header", args.lang, kind=kind, year=year, as_of=f"{as_of}", month=month
            )
        )
        name = args.kind.replace("-", "_")
        table = tables.for_report(name)(frame, tables.Names.read(read), args.lang)
        print_frame(tables.headed(table, args.lang), "table")
    return 0


def _person_table(kind: str, frame: pd.DataFrame, read: Any, lang: str) -> pd.DataFrame:
    return tables.headed(TABLES[kind](frame, tables.Names.read(read), lang), lang)


# 年终综合考核 and the records (实绩档案): app.reports.appraisal, tables by app.reports.tables.
APPRAISAL_KINDS = ("appraisal", "unit-file", "cadre-file")


def _json(value: Any) -> Any:
    """A record for JSON: frames as lists of rows, NaN → null, dates ISO."""
    if isinstance(value, pd.DataFrame):
        return [_json(row) for row in value.astype(object).to_dict("records")]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return _clean(value)


def _appraisal_report(args: argparse.Namespace) -> int:
    from app.reports import appraisal
    from app.reports.tables import appraisal as person

    store, settings = require_store(args)
    read, lang, fmt = store.read, args.lang, args.format
    year = args.year or settings.year
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    names = tables.Names.read(read)
    if args.kind == "appraisal":
        frame = appraisal.appraisal(read, settings, year, as_of)
        if fmt == "json":
            print(json.dumps(appraisal.appraisal_records(frame), ensure_ascii=False, indent=2))
        elif fmt == "csv":
            print_frame(appraisal.appraisal_flat(frame), "csv")
        else:
            print(translate("appraisal.cli.header", lang, year=year))
            for _, part in frame.groupby("kind", sort=False):  # units, then townships
                table = person.appraisal(part, names, lang).dropna(axis=1, how="all")
                print_frame(tables.headed(table, lang), "table")
        return 0
    code = args.unit if args.kind == "unit-file" else args.cadre
    if not code:
        raise CliError(translate(f"appraisal.cli.need.{args.kind}", lang))
    if args.kind == "unit-file":
        record = appraisal.unit_file(read, settings, year, code, as_of)
        title, parts = record["unit"], person.unit_file(record, names, lang)
    else:
        record = appraisal.cadre_file(read, settings, year, code, as_of)
        title, parts = record["cadre"], person.cadre_file(record, names, lang)
    if title is None:
        raise CliError(translate("appraisal.cli.unknown", lang, code=code))
    if fmt == "json":
        print(json.dumps(_json(record), ensure_ascii=False, indent=2))
        return 0
    print(f"{title['name']} ({code}) · {year} · {record['as_of']:%Y-%m-%d}")
    for key, table in parts.items():
        print(f"\n## {translate(f'appraisal.file.{key}', lang)}")
        print_frame(tables.headed(table, lang), fmt)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="print a rule's results")
    p.add_argument("kind", choices=[*compute.KINDS, *APPRAISAL_KINDS, *programme.KINDS])
    p.add_argument("--year", type=int, help="campaign year (default: settings.year)")
    p.add_argument("--as-of", help="YYYY-MM-DD (default: end of the latest month with data)")
    p.add_argument("--month", help="YYYY-MM for targets/framework (default: from --as-of)")
    p.add_argument("--indicator", help="indicator code for township-ranking")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--unit", help="unit code for unit-file")
    p.add_argument("--cadre", help="cadre id for cadre-file")
    p.set_defaults(func=cmd_report)
