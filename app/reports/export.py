"""The month's data as an Excel workbook (月度数据), and the tables the bulletin shares with it.

Every number comes from :mod:`app.reports.compute` (the same numbers the pages show). The
frames built here keep canonical column names; :func:`month_sheets` labels them in the
reader's language. Ratios go to Excel as percentages (93.0, header "…（%）"), so a clerk can
sort and sum them without a number format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from app import metrics
from app.i18n import enum_label, translate
from app.ingest.files import xlsx_bytes
from app.reports import compute, tables
from app.reports.reading import shallow
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def check_month(month: str) -> str:
    """``month`` if it reads ``YYYY-MM``; ValueError otherwise."""
    if not isinstance(month, str) or not MONTH_PATTERN.match(month.strip()):
        raise ValueError(f"month must be YYYY-MM, got {month!r}")
    return month.strip()


def memo(read: Reader) -> Reader:
    """``read`` remembering each dataset for one document (the CLI's reads are not cached).

    Hands out copies, so a report that changes a frame cannot change the next one's input.
    """
    frames: dict[Any, pd.DataFrame] = {}
    narrows = compute.takes_filters(read)

    def cached(dataset: str, columns: list[str] | None = None, filters: Any = None) -> pd.DataFrame:
        # A narrowed read (columns, filters) is passed on where ``read`` takes it; a plain
        # reader's whole dataset does as well (the rules select their rows themselves).
        key = (dataset, tuple(columns or ()), repr(filters)) if narrows else dataset
        if key not in frames:
            if narrows and (columns or filters):
                frames[key] = read(dataset, columns=columns, filters=filters)  # type: ignore[call-arg]
            else:
                frames[key] = read(dataset)
        return frames[key].copy()

    made: dict[tuple[str, tuple], Any] = {}

    def keep(name: str, args: tuple, make: Callable[[Reader], Any], identity: Any = None) -> Any:
        # Intermediates several reports share (app.reports.reading.shared): the app's reader
        # keeps them by version; for one document of the command line, made once here.
        outer = getattr(read, "keep", None)
        if outer is not None:
            return outer(name, args, make, identity=identity)
        if (name, args) not in made:
            made[(name, args)] = make(cached)
        return shallow(made[(name, args)])

    cached.keep = keep  # type: ignore[attr-defined]
    for capability in ("kept", "parts", "version_of"):  # the app's reader's, passed on
        if hasattr(read, capability):
            setattr(cached, capability, getattr(read, capability))
    return cached


def has_data(read: Reader, month: str) -> bool:
    """Whether anything was reported for ``month`` (indicator values or project progress)."""
    narrows = compute.takes_filters(read)
    for dataset in ("indicator_values", "project_progress"):
        if narrows:  # only the month's rows, only their period
            frame = read(dataset, columns=["period"], filters=[("period", "=", month)])  # type: ignore[call-arg]
        else:
            frame = read(dataset)
        periods = frame["period"].dropna().astype(str)
        if (periods == month).any():
            return True
    return False


def township_table(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    """One row per township (乡镇): FAI and funds-in-place completion with light and rank,
    project investment (万元), 四帮四促 activities and open petition cases at month end.

    Columns: township_code, township, fai_actual, fai_target, fai_completion, fai_light,
    fai_rank, fai_rank_change, funds_actual, funds_target, funds_completion, funds_light,
    projects, project_plan, project_invested, project_completion, activities, cadres,
    person_days, open_petitions; ordered by township_code.
    """
    year, as_of = int(month[:4]), compute.month_end(month)
    conf = settings.project_year
    towns = read("townships").drop_duplicates("township_code", keep="last")
    frame = pd.DataFrame(
        {"township_code": towns["township_code"].astype(str), "township": towns["name"].astype(str)}
    )
    for prefix, code in (("fai", conf.fai_code), ("funds", conf.funds_code)):
        ranking = compute.township_ranking(read, settings, year, month, code)
        part = ranking[["township_code", "actual", "target", "completion", "light"]].copy()
        if prefix == "fai":
            part["rank"] = ranking["rank"]
            part["rank_change"] = ranking["rank_change"]
        part = part.rename(
            columns={c: f"{prefix}_{c}" for c in part.columns if c != "township_code"}
        )
        part["township_code"] = part["township_code"].astype(str)
        frame = frame.merge(part, on="township_code", how="left")
    invest = compute.investment_by_township(read, settings, year, month).rename(
        columns={
            "year_plan": "project_plan",
            "invested_ytd": "project_invested",
            "plan_completion": "project_completion",
        }
    )
    invest["township_code"] = invest["township_code"].astype(str)
    frame = frame.merge(invest, on="township_code", how="left")
    activity = compute.field_township_rollup(read, settings, year, as_of)
    activity = activity.assign(township_code=activity["township_code"].astype(str))
    frame = frame.merge(activity, on="township_code", how="left")
    cases = metrics.cases_as_of(read("petitions"), as_of)
    still_open = cases[cases["resolved_date"].isna() & cases["township_code"].notna()]
    counts = still_open.groupby(still_open["township_code"].astype(str)).size()
    frame["open_petitions"] = frame["township_code"].map(counts)
    for column in ("projects", "activities", "cadres", "person_days", "open_petitions"):
        frame[column] = frame[column].fillna(0).astype("int64")
    for column in ("project_plan", "project_invested"):
        frame[column] = frame[column].fillna(0.0)
    return frame.sort_values("township_code").reset_index(drop=True)


def unit_table(read: Reader, settings: Settings, month: str, lang: str = "zh") -> pd.DataFrame:
    """One row per unit (单位): cadres and days at the grassroots, the latest survey round
    held by month end (score, rank, verified complaints) and the year's accountability actions.

    Columns: unit_code, unit, category, cadres, met, on_track, behind, days, liaison_short,
    round, score, rank, ranked, verified_complaints, actions; ordered by category, unit_code.
    """
    from schemas.common import UNIT_CATEGORIES

    year, as_of = int(month[:4]), compute.month_end(month)
    units = read("units").drop_duplicates("unit_code", keep="last")
    frame = pd.DataFrame(
        {
            "unit_code": units["unit_code"].astype(str),
            "unit": units["name"].astype(str),
            "category": units["category"],
        }
    )
    rollup = compute.field_unit_rollup(read, settings, year, as_of)
    rollup = rollup.rename(columns={"liaison_short_months": "liaison_short"})
    keep = ["unit_code", "cadres", "met", "on_track", "behind", "days", "liaison_short"]
    frame = frame.merge(rollup[keep].astype({"unit_code": str}), on="unit_code", how="left")
    for column in keep[1:]:
        frame[column] = frame[column].fillna(0).astype("int64")
    ranking = compute.survey_ranking_as_of(read, settings, year, as_of)
    latest = int(ranking["round"].max()) if len(ranking) else None
    part = ranking[ranking["round"] == latest][["unit_code", "round", "score", "rank", "ranked"]]
    frame = frame.merge(part.astype({"unit_code": str}), on="unit_code", how="left")
    # From the complaints themselves, for every unit (townships and units outside the surveyed
    # categories too: the survey ranking holds only the ranked units).
    counts = metrics.verified_complaints(read("complaints"), year, as_of)
    counts.index = counts.index.astype(str)
    frame["verified_complaints"] = frame["unit_code"].map(counts).fillna(0).astype("int64")
    actions = compute.accountability(read, settings, year, as_of)
    joiner = "；" if lang == "zh" else "; "
    labels = actions.groupby(actions["unit_code"].astype(str))["action"].agg(
        lambda a: joiner.join(dict.fromkeys(enum_label("action", v, lang) for v in a))
    )
    frame["actions"] = frame["unit_code"].map(labels).astype(object).fillna("")
    order = {c: i for i, c in enumerate(UNIT_CATEGORIES)}
    frame["_order"] = frame["category"].map(order).fillna(len(order))
    frame = frame.sort_values(["_order", "unit_code"]).drop(columns="_order")
    return frame.reset_index(drop=True)


# --- The workbook ------------------------------------------------------------------------


def month_sheets(
    read: Reader, settings: Settings, month: str, lang: str = "zh"
) -> dict[str, pd.DataFrame]:
    """The month's views, one frame per sheet, headers in ``lang``."""
    month = check_month(month)
    read = memo(read)
    year, as_of = int(month[:4]), compute.month_end(month)
    found = tables.Names.read(read)
    project = compute.project_year(read, settings, year, month)
    start = dt.date(year, int(month[5:7]), 1)
    sheets: dict[str, pd.DataFrame] = {
        "targets": tables.targets(compute.targets(read, settings, year, month), found, lang),
        "framework": tables.framework(compute.framework(read, settings, year, month), found, lang),
        "project_year": tables.project_year(project, found, lang),
        "projects": tables.projects(
            compute.project_investment(read, settings, year, month), found, lang
        ),
        "stalled": tables.stalled(project["stalled"], found, lang),
        "survey_ranking": tables.survey_ranking(
            compute.survey_ranking_as_of(read, settings, year, as_of), found, lang
        ),
        "accountability": tables.accountability(
            compute.accountability(read, settings, year, as_of), found, lang
        ),
        "field_days": tables.field_days(
            compute.field_days(read, settings, year, as_of), found, lang
        ),
        "units": tables.units(unit_table(read, settings, month, lang), found, lang),
        "petitions": tables.petitions(compute.petitions(read, settings, as_of), found, lang),
        "open_cases": tables.open_cases(
            compute.open_cases_by_type(read, settings, as_of), found, lang
        ),
        "townships": tables.townships(township_table(read, settings, month), found, lang),
        "ledger": tables.ledger(compute.field_ledger(read, settings, start, as_of), found, lang),
    }
    return {
        translate(f"export.sheet.{key}", lang): tables.headed(frame, lang)
        for key, frame in sheets.items()
    }


def month_workbook(read: Reader, settings: Settings, month: str, lang: str = "zh") -> bytes:
    """The month's full data as xlsx: one sheet per view (指标序时进度, 项目建设年, 停滞项目,
    满意度测评排名, 问责清单, 下基层天数, 信访维稳, 乡镇 …), bold headers, frozen header row,
    column widths, text that Excel would run as a formula neutralised."""
    return xlsx_bytes(month_sheets(read, settings, month, lang))
