"""Every report, computed from the store through ``app.metrics``.

The CLI, the pages and the bulletin call these, so they always show the same numbers.
``read`` is how to get a dataset: ``Store.read`` on the command line, the cached
``ui.read`` in the app.
"""

from __future__ import annotations

import calendar
import datetime as dt
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from app import metrics
from app.metrics._frames import mapped, positions
from app.reports.appraisal import appraisal, cadre_file, township_progress, unit_file  # noqa: F401
from app.reports.programme import *  # noqa: F403  (the programme's reports, reached by name)
from app.reports.supervision import (  # noqa: F401  (reports the app reaches by name)
    supervision_counts,
    supervision_month,
    supervision_proposals,
    supervision_register,
    supervision_units,
)
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]

KINDS = (
    "targets",
    "framework",
    "township-ranking",
    "project-year",
    "stalled-projects",
    "survey-ranking",
    "accountability",
    "survey-missing",
    "field-days",
    "petitions",
)


def _takes_filters(read: Reader) -> bool:
    """Whether ``read`` narrows a read (``columns=``, ``filters=``) like ``Store.read``."""
    try:
        parameters = inspect.signature(read).parameters
    except (TypeError, ValueError):
        return False
    return "filters" in parameters and "columns" in parameters


def indicator_values(
    read: Reader, years: tuple[int, int] | None = None, codes: list[str] | None = None
) -> pd.DataFrame:
    """indicator_values, narrowed to the months of ``years`` (first, last) and to ``codes``
    where the reader can push that into the Parquet scan (a province holds millions of rows;
    a report needs a year or two of them). A plain reader gives every row; the rules select
    their months and codes themselves, so the result is the same either way."""
    if not _takes_filters(read):
        return read("indicator_values")
    filters: list[tuple[str, str, Any]] = []
    if years is not None:
        filters += [("period", ">=", f"{years[0]:04d}-01"), ("period", "<=", f"{years[1]:04d}-12")]
    if codes:
        filters.append(("indicator_code", "in", sorted(set(codes))))
    return read("indicator_values", filters=filters or None)  # type: ignore[call-arg]


def activities(
    read: Reader, start: dt.date, end: dt.date, columns: list[str] | None = None
) -> pd.DataFrame:
    """field_activities touching [start, end], only ``columns``, where the reader can push
    that into the Parquet scan (a province records 600,000 activities a year, and most
    reports need three of their nine columns). A plain reader gives every row and column;
    the rules clip to their own window, so the result is the same either way."""
    if not _takes_filters(read):
        return read("field_activities")
    filters = [("end_date", ">=", start), ("start_date", "<=", end)]
    return read("field_activities", columns=columns, filters=filters)  # type: ignore[call-arg]


def _year_activities(read: Reader, year: int, columns: list[str] | None = None) -> pd.DataFrame:
    return activities(read, dt.date(year, 1, 1), dt.date(year, 12, 31), columns)


# What the rules read of an activity (the ledger reads every column).
_DAYS_COLUMNS = ["cadre_id", "start_date", "end_date", "township_code", "village_code"]
_ROLLUP_COLUMNS = [
    "activity_id",
    "cadre_id",
    "start_date",
    "end_date",
    "township_code",
    "village_code",
    "help_type",
]


def value_periods(read: Reader) -> list[str]:
    """Every month holding indicator values, oldest first (only that column is read)."""
    if _takes_filters(read):
        frame = read("indicator_values", columns=["period"])  # type: ignore[call-arg]
    else:
        frame = read("indicator_values")
    return sorted(str(p) for p in frame["period"].dropna().unique())


def latest_period(read: Reader, year: int) -> str | None:
    """The latest month of ``year`` holding indicator values."""
    periods = pd.Series(value_periods(read), dtype=object)
    inside = sorted(p for p in periods.unique() if p.startswith(f"{year}-"))
    return inside[-1] if inside else None


def month_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def default_as_of(read: Reader, year: int, today: dt.date | None = None) -> dt.date:
    """The end of the latest month with data in ``year``; else today, capped at year end."""
    period = latest_period(read, year)
    if period:
        return month_end(period)
    today = today or dt.date.today()
    return min(today, dt.date(year, 12, 31))


def default_month(read: Reader, year: int) -> str:
    return latest_period(read, year) or f"{year}-{default_as_of(read, year).month:02d}"


def targets(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    """序时进度 of every indicator (county and townships) at the end of ``month``."""
    return metrics.time_progress(
        read("indicators"),
        read("targets"),
        indicator_values(read, (year - 1, year)),
        year,
        int(month[5:7]),
        settings,
    )


def framework(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    return metrics.framework_rollup(targets(read, settings, year, month))


def township_ranking(
    read: Reader, settings: Settings, year: int, month: str, indicator_code: str
) -> pd.DataFrame:
    """Townships ranked by completion, with the change since the month before (升位/降位)."""
    current = targets(read, settings, year, month)
    m = int(month[5:7])
    previous = targets(read, settings, year, f"{year}-{m - 1:02d}") if m > 1 else None
    return metrics.township_ranking(current, indicator_code, previous)


def project_year(read: Reader, settings: Settings, year: int, month: str) -> dict[str, Any]:
    py = settings.project_year
    years = (min(year, int(month[:4])) - 1, max(year, int(month[:4])))
    codes = [py.fai_code, py.fai_industry_code, py.funds_code, py.policy_code]
    result = metrics.project_year(
        read("indicators"),
        read("targets"),
        indicator_values(read, years, codes),
        read("projects"),
        read("project_progress"),
        year,
        month,
        settings,
    )
    result["stalled"] = stalled_projects(read, settings, month)
    return result


def stalled_projects(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    return metrics.stalled_projects(read("projects"), read("project_progress"), month, settings)


def survey_ranking(read: Reader, settings: Settings, year: int) -> pd.DataFrame:
    return metrics.survey_ranking(
        read("survey_results"), read("units"), year, settings, read("complaints")
    )


def accountability(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    return metrics.accountability(
        read("survey_results"),
        read("units"),
        read("rectifications"),
        read("complaints"),
        year,
        as_of,
        settings,
        read("commitments"),
    )


def survey_missing(read: Reader, year: int) -> pd.DataFrame:
    return metrics.missing_from_rounds(read("survey_results"), read("units"), year)


def field_days(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    return metrics.field_days(
        read("cadres"),
        _year_activities(read, year, _DAYS_COLUMNS),
        year,
        as_of,
        settings,
        read("pairings"),
    )


def petitions(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    """Each leading cadre's 包案化解 status at ``as_of`` (the cases known by then)."""
    return metrics.petition_status(read("cadres"), read("petitions"), settings, as_of)


def series(
    read: Reader,
    settings: Settings,
    year: int,
    indicator_code: str,
    township_code: str | None = None,
) -> pd.DataFrame:
    """Month by month values and year-to-date of one indicator (for trends and sparklines)."""
    return metrics.monthly_series(
        indicator_values(read, (year, year), [indicator_code]),
        read("indicators"),
        indicator_code,
        year,
        township_code,
    )


def headline(read: Reader, settings: Settings, year: int, month: str) -> dict[str, Any]:
    """The overview's headline numbers, all from app.metrics."""
    as_of = month_end(month)
    project = project_year(read, settings, year, month)
    measures = {m["measure"]: m for m in project["measures"]}
    progress = targets(read, settings, year, month)
    county = progress[progress["township_code"].isna()]

    def yoy(code: str) -> float | None:
        row = county[county["indicator_code"] == code]
        return None if row.empty or pd.isna(row["yoy"].iloc[0]) else float(row["yoy"].iloc[0])

    days = field_days(read, settings, year, as_of)
    with_requirement = days[days["required"].notna()]
    ok = with_requirement["status"].isin(["met", "on_track"]).sum()
    pets = petitions(read, settings, as_of)
    results = read("survey_results")
    held = results[(results["year"] == year) & (results["survey_date"] <= pd.Timestamp(as_of))]
    latest_round = int(held["round"].max()) if not held.empty else None
    actions = accountability(read, settings, year, as_of)
    return {
        "fai": measures.get("fai"),
        "fai_yoy": yoy(settings.project_year.fai_code),
        "funds": measures.get("funds_in_place"),
        "funds_yoy": yoy(settings.project_year.funds_code),
        "time_progress": metrics.month_share(month),
        "survey_round": latest_round,
        "accountable_units": int(actions["unit_code"].nunique()) if not actions.empty else 0,
        "days_ok_share": float(ok / len(with_requirement)) if len(with_requirement) else None,
        "days_behind": int((with_requirement["status"] == "behind").sum()),
        "petitions_met_share": float((pets["status"] == "met").mean()) if len(pets) else None,
        "petitions_short": int((pets["status"] == "short").sum()),
        "stalled": project["stalled"],
        "red": county[county["light"] == "red"],
    }


# --- The views' reports (项目建设年, 满意度测评, 四帮四促): thin wrappers over app.metrics. ---


def _projects_in(read: Reader, township: str | None) -> pd.DataFrame:
    """The projects of one township (all when ``township`` is None)."""
    projects = read("projects")
    if township:
        projects = projects[projects["township_code"] == township]
    return projects


def project_investment(
    read: Reader, settings: Settings, year: int, month: str, township: str | None = None
) -> pd.DataFrame:
    """Each project's investment against its year plan (万元), with the 序时进度 light.

    The columns of :func:`app.metrics.project_investment` plus ``gap`` (plan_completion −
    time progress) and ``light`` (the same bands as every indicator's light).
    """
    from app.metrics.time_progress import _lights

    frame = metrics.project_investment(
        _projects_in(read, township), read("project_progress"), year, month
    )
    frame["gap"] = frame["plan_completion"] - frame["time_progress"]
    frame["light"] = _lights(frame["gap"], settings).astype(object)
    return frame


def projects_by_stage(
    read: Reader, settings: Settings, month: str, township: str | None = None
) -> pd.DataFrame:
    """三个一批: projects per stage (谋划储备、开工建设、竣工投产) at the end of ``month``."""
    return metrics.projects_by_stage(_projects_in(read, township), read("project_progress"), month)


def projects_by_level(
    read: Reader, settings: Settings, year: int, month: str, township: str | None = None
) -> pd.DataFrame:
    """Projects per level (省重点、地区重大、县级): projects, year_plan, invested_ytd (万元),
    plan_completion; one row per level in the contract's order, zeros included."""
    from schemas.common import PROJECT_LEVELS

    frame = project_investment(read, settings, year, month, township)
    order = pd.Index(PROJECT_LEVELS, name="level")
    grouped = frame.groupby("level")
    out = pd.DataFrame(
        {
            "projects": grouped.size().reindex(order).fillna(0).astype("int64"),
            "year_plan": grouped["year_plan"].sum().reindex(order).fillna(0.0),
            "invested_ytd": grouped["invested_ytd"].sum().reindex(order).fillna(0.0),
        },
        index=order,
    ).reset_index()
    out["plan_completion"] = _share(out["invested_ytd"], out["year_plan"])
    return out


def investment_by_township(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    """Project investment per township (万元, year to date); projects spanning the county
    (no township) are left out. Columns: township_code, projects, year_plan, invested_ytd,
    plan_completion; the largest investment first."""
    frame = project_investment(read, settings, year, month)
    frame = frame[frame["township_code"].notna()]
    grouped = frame.groupby("township_code")
    out = pd.DataFrame(
        {
            "projects": grouped.size().astype("int64"),
            "year_plan": grouped["year_plan"].sum(),
            "invested_ytd": grouped["invested_ytd"].sum(),
        }
    ).reset_index()
    out["plan_completion"] = _share(out["invested_ytd"], out["year_plan"])
    return out.sort_values(["invested_ytd", "township_code"], ascending=[False, True]).reset_index(
        drop=True
    )


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    from app.metrics._frames import safe_ratio

    return safe_ratio(numerator, denominator)


def survey_rounds(read: Reader, settings: Settings, year: int, as_of: dt.date) -> dict[str, Any]:
    """Rounds of campaign ``year`` held by ``as_of`` (results dated on or before it, or
    undated), oldest first, and the latest of them (None when none was held)."""
    results = read("survey_results")
    results = results[(results["year"] == year)]
    held = results[~(pd.to_datetime(results["survey_date"]) > pd.Timestamp(as_of))]
    rounds = sorted(int(r) for r in held["round"].dropna().unique())
    return {"rounds": rounds, "latest": rounds[-1] if rounds else None}


def survey_comparison(
    read: Reader, settings: Settings, year: int, first: int, second: int
) -> pd.DataFrame:
    """Score and rank of every unit in two rounds (e.g. 2 and 3), side by side.

    Columns: unit_code, name, category, score_first, rank_first, bottom_first, score_second,
    rank_second, bottom_second, ranked_second, score_change (second − first), rank_change
    (positive = moved up, 升位). Ordered by category, then rank in the second round.
    """
    ranking = survey_ranking(read, settings, year)
    keep = ["unit_code", "name", "category", "score", "rank", "ranked", "bottom"]
    a = ranking[ranking["round"] == first][keep]
    b = ranking[ranking["round"] == second][keep]
    frame = a.merge(
        b, on=["unit_code", "name", "category"], how="outer", suffixes=("_first", "_second")
    )
    frame["score_change"] = frame["score_second"] - frame["score_first"]
    frame["rank_change"] = (frame["rank_first"] - frame["rank_second"]).astype("Int64")
    for column in ("bottom_first", "bottom_second"):
        frame[column] = frame[column].fillna(False).astype(bool)
    from schemas.common import UNIT_CATEGORIES

    order = {c: i for i, c in enumerate(UNIT_CATEGORIES)}
    frame["_order"] = frame["category"].map(order).fillna(len(order))
    frame = frame.sort_values(["_order", "rank_second", "unit_code"], na_position="last")
    return frame.drop(columns=["_order", "ranked_first"]).reset_index(drop=True)


def rectification_status(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    """整改措施 after the rectification round (round 1) for every unit surveyed in it.

    Due = survey date + ``settings.survey.rectification_days`` (the same rule as
    :func:`app.metrics.accountability`). Columns: unit_code, name, category, survey_date,
    due, submitted_date (first submission up to ``as_of``), published, status ``on_time`` /
    ``late`` / ``missing`` (due date passed, nothing submitted) / ``pending`` (not due yet).
    Ordered by status (missing, late, pending, on_time), then unit_code.
    """
    cfg = settings.survey
    round_ = int(cfg.rectification_round)
    as_of_ts = pd.Timestamp(as_of)
    results = read("survey_results")
    results = results[(results["year"] == year) & (results["round"] == round_)]
    results = results.drop_duplicates("unit_code", keep="last")
    columns = [
        "unit_code",
        "name",
        "category",
        "survey_date",
        "due",
        "submitted_date",
        "published",
        "status",
    ]
    if results.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    survey_date = pd.to_datetime(results["survey_date"])
    frame = results[["unit_code"]].assign(survey_date=survey_date.fillna(survey_date.max()))
    frame["due"] = frame["survey_date"] + pd.Timedelta(days=int(cfg.rectification_days))
    rect = read("rectifications")
    rect = rect[(rect["year"] == year) & (rect["round"] == round_)]
    rect = rect[pd.to_datetime(rect["submitted_date"]) <= as_of_ts]
    rect = rect.sort_values("submitted_date").drop_duplicates("unit_code", keep="first")
    frame = frame.merge(
        rect[["unit_code", "submitted_date", "published"]], on="unit_code", how="left"
    )
    units = read("units").drop_duplicates("unit_code", keep="last")
    frame = frame.merge(units[["unit_code", "name", "category"]], on="unit_code", how="left")
    submitted = frame["submitted_date"].notna()
    frame["status"] = "on_time"
    frame.loc[submitted & (frame["submitted_date"] > frame["due"]), "status"] = "late"
    frame.loc[~submitted & (as_of_ts > frame["due"]), "status"] = "missing"
    frame.loc[~submitted & ~(as_of_ts > frame["due"]), "status"] = "pending"
    order = {"missing": 0, "late": 1, "pending": 2, "on_time": 3}
    frame["_order"] = frame["status"].map(order)
    frame = frame.sort_values(["_order", "unit_code"]).drop(columns="_order")
    return frame[columns].reset_index(drop=True)


def reason_params(reason: Any) -> dict[str, str]:
    """An accountability reason (``'round=2; rank=20/20; score=73.8'``) as a dict."""
    params: dict[str, str] = {}
    for part in str(reason or "").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep:
            params[key.strip()] = value.strip()
    return params


def field_unit_rollup(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """Days at the grassroots per unit (see :func:`app.metrics.unit_rollup`)."""
    return metrics.unit_rollup(field_days(read, settings, year, as_of))


def field_township_rollup(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    return metrics.township_rollup(_year_activities(read, year, _ROLLUP_COLUMNS), year, as_of)


def help_type_mix(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    return metrics.help_type_mix(_year_activities(read, year, _ROLLUP_COLUMNS), year, as_of)


def open_cases_by_type(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    return metrics.open_cases_by_type(read("petitions"), as_of)


def _names(read: Reader, dataset: str, key: str) -> dict[str, str]:
    frame = read(dataset)
    return dict(zip(frame[key].astype(str), frame["name"].astype(str), strict=False))


def field_ledger(
    read: Reader,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    query: str = "",
    township: str | None = None,
) -> pd.DataFrame:
    """工作台账: activities touching [start, end], optionally in one township, matching every
    word of ``query`` in who (cadre, unit), where (township, village), content or outcome.

    Columns: activity_id, start_date, end_date, cadre_id, cadre, unit, level, township,
    village, help_type, content, outcome; the latest first.
    """
    acts = activities(read, start, end)
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    acts = acts[(acts["end_date"] >= start_ts) & (acts["start_date"] <= end_ts)]
    if township:
        acts = acts[acts["township_code"] == township]
    cadres = read("cadres").drop_duplicates("cadre_id", keep="last")
    units = read("units").drop_duplicates("unit_code", keep="last")
    townships = read("townships").drop_duplicates("township_code", keep="last")
    villages = read("villages").drop_duplicates("village_code", keep="last")
    ids = acts["cadre_id"]
    frame = pd.DataFrame(
        {
            "activity_id": acts["activity_id"],
            "start_date": acts["start_date"],
            "end_date": acts["end_date"],
            "cadre_id": ids,
            "cadre": mapped(ids, cadres["cadre_id"], cadres["name"]),
            "unit": mapped(
                mapped(ids, cadres["cadre_id"], cadres["unit_code"]),
                units["unit_code"],
                units["name"],
            ),
            "level": mapped(ids, cadres["cadre_id"], cadres["level"]),
            "township": mapped(
                acts["township_code"], townships["township_code"], townships["name"]
            ),
            "village": mapped(acts["village_code"], villages["village_code"], villages["name"]),
            "help_type": acts["help_type"],
            "content": acts["content"],
            "outcome": acts["outcome"],
        }
    )
    words = [w for w in str(query or "").split() if w]
    if words:
        text = frame[["cadre_id", "cadre", "unit", "township", "village", "content", "outcome"]]
        haystack = text.fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        for word in words:
            haystack = haystack[haystack.str.contains(word.lower(), regex=False)]
        frame = frame.loc[haystack.index]
    frame = frame.sort_values(["start_date", "activity_id"], ascending=[False, True])
    return frame.reset_index(drop=True)


def field_ledger_head(
    read: Reader,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    query: str = "",
    township: str | None = None,
    limit: int = 2000,
) -> dict[str, Any]:
    """The ledger's size and its first ``limit`` rows (the latest), what a page shows: a
    province's year is 600,000 activities, kept by no one (the download makes them all)."""
    ledger = field_ledger(read, settings, start, end, query, township)
    # Taken, not sliced: a slice (of Arrow strings too) would keep the whole ledger alive.
    rows = ledger.take(np.arange(min(limit, len(ledger)))).reset_index(drop=True)
    return {"count": len(ledger), "rows": rows}


def contact_points(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """联系点 (pairings) with this year's activity: a pairing is covered when any cadre of the
    unit recorded an activity in its township (in its village, when it names one) in ``year``
    up to ``as_of``.

    Columns: scheme, unit_code, unit, township_code, township, village_code, village,
    extremely_poor, contact_cadre_id, contact, activities, last_date, covered. Ordered by
    scheme, township_code, village_code, unit_code.
    """
    pairs = read("pairings").copy()
    acts = _year_activities(read, year, _ROLLUP_COLUMNS)
    start = pd.Timestamp(year=year, month=1, day=1)
    end = min(pd.Timestamp(year=year, month=12, day=31), pd.Timestamp(as_of))
    acts = acts[(acts["end_date"] >= start) & (acts["start_date"] <= end)]
    cadres = read("cadres").drop_duplicates("cadre_id", keep="last")
    where = positions(acts["cadre_id"], cadres["cadre_id"])  # the cadres' units (inner join)
    acts = (
        acts[where >= 0]
        .assign(unit_code=cadres["unit_code"].take(where[where >= 0]).to_numpy())
        .reset_index(drop=True)
    )
    villages = read("villages").drop_duplicates("village_code", keep="last")
    pairs["unit"] = pairs["unit_code"].map(_names(read, "units", "unit_code"))
    pairs["township"] = pairs["township_code"].map(_names(read, "townships", "township_code"))
    pairs["village"] = pairs["village_code"].map(_names(read, "villages", "village_code"))
    poor = dict(zip(villages["village_code"], villages["extremely_poor"], strict=False))
    pairs["extremely_poor"] = pairs["village_code"].map(poor).astype("boolean")
    pairs["contact"] = pairs["contact_cadre_id"].map(_names(read, "cadres", "cadre_id"))

    def activity(keys: list[str]) -> pd.DataFrame:
        return (
            acts.groupby(keys)
            .agg(activities=("activity_id", "size"), last_date=("end_date", "max"))
            .reset_index()
        )

    by_town = activity(["unit_code", "township_code"])
    by_village = activity(["unit_code", "township_code", "village_code"])
    with_village = pairs[pairs["village_code"].notna()].merge(
        by_village, on=["unit_code", "township_code", "village_code"], how="left"
    )
    without = pairs[pairs["village_code"].isna()].merge(
        by_town, on=["unit_code", "township_code"], how="left"
    )
    frame = pd.concat([with_village, without], ignore_index=True)
    frame["activities"] = frame["activities"].fillna(0).astype("int64")
    frame["last_date"] = pd.to_datetime(frame["last_date"]).clip(upper=end)
    frame["covered"] = frame["activities"] > 0
    frame = frame.sort_values(
        ["scheme", "township_code", "village_code", "unit_code"], na_position="first"
    )
    columns = [
        "scheme",
        "unit_code",
        "unit",
        "township_code",
        "township",
        "village_code",
        "village",
        "extremely_poor",
        "contact_cadre_id",
        "contact",
        "activities",
        "last_date",
        "covered",
    ]
    return frame[columns].reset_index(drop=True)


def contact_summary(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """Per scheme (集团帮扶、对口联系): units, townships, villages, extremely poor villages,
    pairings, covered pairings and coverage (covered / pairings)."""
    frame = contact_points(read, settings, year, as_of)
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "scheme",
                "units",
                "townships",
                "villages",
                "poor_villages",
                "pairings",
                "covered",
                "coverage",
            ]
        )
    grouped = frame.groupby("scheme", sort=True)
    poor = frame[frame["extremely_poor"].fillna(False).astype(bool)]
    out = (
        pd.DataFrame(
            {
                "units": grouped["unit_code"].nunique(),
                "townships": grouped["township_code"].nunique(),
                "villages": grouped["village_code"].nunique(),
                "poor_villages": poor.groupby("scheme")["village_code"].nunique(),
                "pairings": grouped.size(),
                "covered": grouped["covered"].sum(),
            }
        )
        .fillna(0)
        .astype("int64")
        .reset_index()
    )
    out["coverage"] = out["covered"] / out["pairings"]
    return out


def survey_ranking_as_of(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    """:func:`survey_ranking` as known on ``as_of``: rounds dated after it left out, and
    ``verified_complaints`` counting complaints received up to ``as_of`` (as accountability does)."""
    from app.metrics.surveys import verified_complaints

    results = read("survey_results")
    results = results[~(pd.to_datetime(results["survey_date"]) > pd.Timestamp(as_of))]
    frame = metrics.survey_ranking(results, read("units"), year, settings, read("complaints"))
    counts = verified_complaints(read("complaints"), year, as_of)
    frame["verified_complaints"] = frame["unit_code"].map(counts).fillna(0).astype("int64")
    return frame


def complaints_by_unit(
    read: Reader, settings: Settings, year: int, as_of: dt.date, round_: int | None = None
) -> pd.DataFrame:
    """监督电话: verified complaints per unit received in ``year`` up to ``as_of`` (units with at
    least one), beside the unit's score and rank in ``round_``. Columns: unit_code, name,
    category, verified_complaints, score, rank, ranked; the most complaints first."""
    from app.metrics.surveys import verified_complaints

    counts = verified_complaints(read("complaints"), year, as_of)
    counts = counts[counts > 0].rename("verified_complaints").rename_axis("unit_code")
    units = read("units").drop_duplicates("unit_code", keep="last")
    frame = counts.reset_index().merge(
        units[["unit_code", "name", "category"]], on="unit_code", how="left"
    )
    ranking = survey_ranking_as_of(read, settings, year, as_of)
    ranking = ranking[ranking["round"] == round_][["unit_code", "score", "rank", "ranked"]]
    frame = frame.merge(ranking, on="unit_code", how="left")
    frame = frame.sort_values(["verified_complaints", "unit_code"], ascending=[False, True])
    return frame.reset_index(drop=True)


def units_missing(read: Reader, settings: Settings, year: int) -> pd.DataFrame:
    """:func:`survey_missing` with the signature the app's cached ``ui.report`` calls."""
    return survey_missing(read, year)
