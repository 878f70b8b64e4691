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
from app.reports import compute
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
    narrows = compute._takes_filters(read)

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

    return cached


def names(read: Reader, dataset: str, key: str) -> dict[str, str]:
    """Code → name of a master dataset (townships, units, cadres, projects)."""
    frame = read(dataset).drop_duplicates(key, keep="last")
    return dict(zip(frame[key].astype(str), frame["name"].astype(str), strict=False))


def has_data(read: Reader, month: str) -> bool:
    """Whether anything was reported for ``month`` (indicator values or project progress)."""
    narrows = compute._takes_filters(read)
    for dataset in ("indicator_values", "project_progress"):
        if narrows:  # only the month's rows, only their period
            frame = read(dataset, columns=["period"], filters=[("period", "=", month)])  # type: ignore[call-arg]
        else:
            frame = read(dataset)
        periods = frame["period"].dropna().astype(str)
        if (periods == month).any():
            return True
    return False


def petitions_as_of(read: Reader, as_of: dt.date) -> pd.DataFrame:
    """信访 cases as known at the end of ``as_of``: cases received later are left out, and a
    case resolved later is still open then (a past month's bulletin keeps its numbers)."""
    cases = read("petitions")
    stamp = pd.Timestamp(as_of)
    cases = cases[~(pd.to_datetime(cases["received_date"]) > stamp)].copy()
    resolved = pd.to_datetime(cases["resolved_date"])
    cases["resolved_date"] = resolved.where(~(resolved > stamp))
    return cases.reset_index(drop=True)


def petition_status(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    """:func:`app.metrics.petition_status` on the cases known at ``as_of``."""
    return metrics.petition_status(read("cadres"), petitions_as_of(read, as_of), settings)


def open_cases_by_type(read: Reader, as_of: dt.date) -> pd.DataFrame:
    return metrics.open_cases_by_type(petitions_as_of(read, as_of))


def reason_text(action: str, reason: Any, lang: str = "zh") -> str:
    """An accountability reason (``'round=2; rank=20/20; score=73.8; bottom_n=1'``) in words."""
    params = compute.reason_params(reason)
    if "/" in params.get("rank", ""):
        params["rank"], params["ranked"] = params["rank"].split("/", 1)
    if "bottom_in_rounds" in params:
        joiner = "、" if lang == "zh" else ", "
        params["rounds"] = joiner.join(params["bottom_in_rounds"].split(","))
    needed = {
        "admonish": ("round", "rank", "ranked", "score", "bottom_n"),
        "organisational_handling": ("rounds",),
        "superior_handling": ("rounds",),
        "rectification_late": ("due", "submitted"),
        "rectification_missing": ("due", "as_of"),
        "complaints_accountability": ("verified_complaints",),
    }.get(str(action))
    if needed is None or any(k not in params for k in needed):
        return str(reason or "")
    return translate(f"bulletin.reason.{action}", lang, **{k: params[k] for k in needed})


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
    frame = pd.DataFrame({"township_code": towns["township_code"].astype(str),
                          "township": towns["name"].astype(str)})  # fmt: skip
    for prefix, code in (("fai", conf.fai_code), ("funds", conf.funds_code)):
        ranking = compute.township_ranking(read, settings, year, month, code)
        part = ranking[["township_code", "actual", "target", "completion", "light"]].copy()
        if prefix == "fai":
            part["rank"] = ranking["rank"]
            part["rank_change"] = ranking["rank_change"]
        part = part.rename(columns={c: f"{prefix}_{c}" for c in part.columns if c != "township_code"})
        part["township_code"] = part["township_code"].astype(str)
        frame = frame.merge(part, on="township_code", how="left")
    invest = compute.investment_by_township(read, settings, year, month).rename(columns={
        "year_plan": "project_plan", "invested_ytd": "project_invested",
        "plan_completion": "project_completion",
    })  # fmt: skip
    invest["township_code"] = invest["township_code"].astype(str)
    frame = frame.merge(invest, on="township_code", how="left")
    activity = compute.field_township_rollup(read, settings, year, as_of)
    activity = activity.assign(township_code=activity["township_code"].astype(str))
    frame = frame.merge(activity, on="township_code", how="left")
    cases = petitions_as_of(read, as_of)
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
    frame = pd.DataFrame({"unit_code": units["unit_code"].astype(str),
                          "unit": units["name"].astype(str),
                          "category": units["category"]})  # fmt: skip
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
    counts = ranking.drop_duplicates("unit_code").set_index("unit_code")["verified_complaints"]
    frame["verified_complaints"] = frame["unit_code"].map(counts).fillna(0).astype("int64")
    actions = compute.accountability(read, settings, year, as_of)
    joiner = "；" if lang == "zh" else "; "
    labels = actions.groupby(actions["unit_code"].astype(str))["action"].agg(
        lambda a: joiner.join(dict.fromkeys(enum_label("action", v, lang) for v in a))
    )
    frame["actions"] = frame["unit_code"].map(labels).fillna("")
    order = {c: i for i, c in enumerate(UNIT_CATEGORIES)}
    frame["_order"] = frame["category"].map(order).fillna(len(order))
    frame = frame.sort_values(["_order", "unit_code"]).drop(columns="_order")
    return frame.reset_index(drop=True)


# --- The workbook ------------------------------------------------------------------------


def _pct(series: pd.Series) -> pd.Series:
    """Ratios (0.93) as percentages (93.0) for Excel."""
    return (pd.to_numeric(series, errors="coerce") * 100).round(1)


def _labels(series: pd.Series, kind: str, lang: str) -> pd.Series:
    return series.map(lambda v: enum_label(kind, v, lang))


def _light(series: pd.Series, lang: str) -> pd.Series:
    return series.map(
        lambda v: translate(f"light.short.{v}", lang) if isinstance(v, str) and v else ""
    )


def _yes_no(series: pd.Series, lang: str) -> pd.Series:
    return series.map(
        lambda v: "" if pd.isna(v) else translate("bulletin.yes" if v else "bulletin.no", lang)
    )


def _header(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: translate(f"export.col.{c}", lang) for c in frame.columns})


def month_sheets(
    read: Reader, settings: Settings, month: str, lang: str = "zh"
) -> dict[str, pd.DataFrame]:
    """The month's views, one frame per sheet, headers in ``lang``."""
    month = check_month(month)
    read = memo(read)
    year, as_of = int(month[:4]), compute.month_end(month)
    towns = names(read, "townships", "township_code")
    units = names(read, "units", "unit_code")
    cadres = names(read, "cadres", "cadre_id")
    county = translate("bulletin.county_wide", lang)
    sheets: dict[str, pd.DataFrame] = {}

    progress = compute.targets(read, settings, year, month)
    progress = progress[progress["target"].notna() | progress["actual"].notna()]
    sheets["targets"] = pd.DataFrame({
        "indicator_code": progress["indicator_code"],
        "indicator": progress["name" if lang == "zh" else "name_en"].fillna(progress["name"]),
        "item": _labels(progress["item"], "item", lang),
        "unit_of_measure": progress["unit"],
        "township": progress["township_code"].map(lambda c: county if pd.isna(c) else
                                                  towns.get(str(c), str(c))),
        "target": progress["target"],
        "stretch_target": progress["stretch_target"],
        "actual": progress["actual"],
        "completion_pct": _pct(progress["completion"]),
        "time_progress_pct": _pct(progress["time_progress"]),
        "gap_pp": _pct(progress["gap"]),
        "light": _light(progress["light"], lang),
        "yoy_pct": _pct(progress["yoy"]),
        "month_value": progress["month_value"],
        "mom_pct": _pct(progress["mom"]),
    })  # fmt: skip

    rollup = compute.framework(read, settings, year, month)
    sheets["framework"] = pd.DataFrame({
        "level": _labels(rollup["level"], "framework_level", lang),
        "item": _labels(rollup["item"], "item", lang),
        **{c: rollup[c] for c in ("indicators", "green", "yellow", "red", "none")},
    })  # fmt: skip

    project = compute.project_year(read, settings, year, month)
    measures = pd.DataFrame(project["measures"])
    if measures.empty:
        measures = pd.DataFrame(columns=["measure", "target", "stretch_target", "due", "actual",
                                         "met", "on_track"])  # fmt: skip
    sheets["project_year"] = pd.DataFrame({
        "measure": measures["measure"].map(lambda m: translate(f"measure.{m}", lang)),
        "target": measures["target"],
        "stretch_target": measures["stretch_target"],
        "due": measures["due"],
        "actual": measures["actual"],
        "met": _yes_no(measures["met"], lang),
        "on_track": _yes_no(measures["on_track"], lang),
    })  # fmt: skip

    invest = compute.project_investment(read, settings, year, month)
    sheets["projects"] = pd.DataFrame({
        "project_id": invest["project_id"],
        "project": invest["name"],
        "township": invest["township_code"].map(lambda c: county if pd.isna(c) else
                                                towns.get(str(c), str(c))),
        "project_level": _labels(invest["level"], "project_level", lang),
        "lead": invest["lead_cadre_id"].map(lambda c: cadres.get(str(c), "")),
        "stage": _labels(invest["stage"], "stage", lang),
        "total_investment": invest["total_investment"],
        "year_plan": invest["year_plan"],
        "invested_ytd": invest["invested_ytd"],
        "plan_completion_pct": _pct(invest["plan_completion"]),
        "light": _light(invest["light"], lang),
    })  # fmt: skip

    stalled = project["stalled"]
    sheets["stalled"] = pd.DataFrame({
        "project_id": stalled["project_id"],
        "project": stalled["name"],
        "township": stalled["township_code"].map(lambda c: county if pd.isna(c) else
                                                 towns.get(str(c), str(c))),
        "project_level": _labels(stalled["level"], "project_level", lang),
        "lead": stalled["lead_cadre_id"].map(lambda c: cadres.get(str(c), "")),
        "year_plan": stalled["year_plan"],
        "last_invested_period": stalled["last_invested_period"],
        "idle_months": stalled["idle_months"],
    })  # fmt: skip

    ranking = compute.survey_ranking_as_of(read, settings, year, as_of)
    sheets["survey_ranking"] = pd.DataFrame({
        "round": ranking["round"],
        "unit_code": ranking["unit_code"],
        "unit": ranking["name"],
        "category": _labels(ranking["category"], "category", lang),
        "score": ranking["score"],
        "rank": ranking["rank"],
        "ranked": ranking["ranked"],
        "bottom": _yes_no(ranking["bottom"], lang),
        "verified_complaints": ranking["verified_complaints"],
    })  # fmt: skip

    actions = compute.accountability(read, settings, year, as_of)
    sheets["accountability"] = pd.DataFrame({
        "unit_code": actions["unit_code"],
        "unit": actions["unit_code"].map(lambda c: units.get(str(c), str(c))),
        "category": _labels(actions["category"], "category", lang),
        "action": _labels(actions["action"], "action", lang),
        "round": actions["round"],
        "reason": [reason_text(a, r, lang) for a, r in
                   zip(actions["action"], actions["reason"], strict=True)],
    })  # fmt: skip

    days = compute.field_days(read, settings, year, as_of)
    joiner = "、" if lang == "zh" else ", "
    sheets["field_days"] = pd.DataFrame({
        "cadre_id": days["cadre_id"],
        "cadre": days["name"],
        "unit": days["unit_code"].map(lambda c: units.get(str(c), str(c))),
        "cadre_level": _labels(days["level"], "level", lang),
        "days": days["days"],
        "required": days["required"],
        "due": pd.to_numeric(days["due"], errors="coerce").round(1),
        "status": _labels(days["status"], "status", lang),
        "liaison_short_months": days["liaison_short_months"].map(
            lambda v: joiner.join(v) if isinstance(v, list) else ""),
    })  # fmt: skip

    unit_rows = unit_table(read, settings, month, lang)
    sheets["units"] = pd.DataFrame({
        "unit_code": unit_rows["unit_code"],
        "unit": unit_rows["unit"],
        "category": _labels(unit_rows["category"], "category", lang),
        "cadres": unit_rows["cadres"],
        "cadres_met": unit_rows["met"],
        "cadres_on_track": unit_rows["on_track"],
        "cadres_behind": unit_rows["behind"],
        **{c: unit_rows[c] for c in ("days", "liaison_short", "round", "score", "rank", "ranked",
                                     "verified_complaints", "actions")},
    })  # fmt: skip

    status = petition_status(read, settings, as_of)
    sheets["petitions"] = pd.DataFrame({
        "cadre_id": status["cadre_id"],
        "cadre": status["name"],
        "unit": status["unit_code"].map(lambda c: units.get(str(c), str(c))),
        "cadre_level": _labels(status["level"], "level", lang),
        "before_festival": status["before_festival"],
        "in_year": status["in_year"],
        "open_cases": status["open_cases"],
        "status": _labels(status["status"], "status", lang),
    })  # fmt: skip

    open_cases = open_cases_by_type(read, as_of)
    sheets["open_cases"] = pd.DataFrame({
        "dispute_type": _labels(open_cases["dispute_type"], "dispute_type", lang),
        "open": open_cases["open"],
        "prominent_open": open_cases["prominent_open"],
    })  # fmt: skip

    towns_frame = township_table(read, settings, month)
    sheets["townships"] = pd.DataFrame({
        "township_code": towns_frame["township_code"],
        "township": towns_frame["township"],
        "fai_actual": towns_frame["fai_actual"],
        "fai_target": towns_frame["fai_target"],
        "fai_completion_pct": _pct(towns_frame["fai_completion"]),
        "fai_light": _light(towns_frame["fai_light"], lang),
        "fai_rank": towns_frame["fai_rank"],
        "fai_rank_change": towns_frame["fai_rank_change"],
        "funds_actual": towns_frame["funds_actual"],
        "funds_target": towns_frame["funds_target"],
        "funds_completion_pct": _pct(towns_frame["funds_completion"]),
        "funds_light": _light(towns_frame["funds_light"], lang),
        "projects": towns_frame["projects"],
        "project_plan": towns_frame["project_plan"],
        "project_invested": towns_frame["project_invested"],
        "project_completion_pct": _pct(towns_frame["project_completion"]),
        "activities": towns_frame["activities"],
        "person_days": towns_frame["person_days"],
        "open_petitions": towns_frame["open_petitions"],
    })  # fmt: skip

    start = dt.date(year, int(month[5:7]), 1)
    ledger = compute.field_ledger(read, settings, start, as_of)
    sheets["ledger"] = pd.DataFrame({
        "activity_id": ledger["activity_id"],
        "start_date": ledger["start_date"],
        "end_date": ledger["end_date"],
        "cadre": ledger["cadre"],
        "unit": ledger["unit"],
        "township": ledger["township"],
        "village": ledger["village"],
        "help_type": _labels(ledger["help_type"], "help_type", lang),
        "content": ledger["content"],
        "outcome": ledger["outcome"],
    })  # fmt: skip

    return {translate(f"export.sheet.{key}", lang): _header(frame.reset_index(drop=True), lang)
            for key, frame in sheets.items()}  # fmt: skip


def month_workbook(read: Reader, settings: Settings, month: str, lang: str = "zh") -> bytes:
    """The month's full data as xlsx: one sheet per view (指标序时进度, 项目建设年, 停滞项目,
    满意度测评排名, 问责清单, 下基层天数, 信访维稳, 乡镇 …), bold headers, frozen header row,
    column widths, text that Excel would run as a formula neutralised."""
    return xlsx_bytes(month_sheets(read, settings, month, lang))
