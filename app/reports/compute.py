"""Every report, computed from the store through ``app.metrics``.

The CLI, the pages and the bulletin call these, so they always show the same numbers.
``read`` is how to get a dataset: ``Store.read`` on the command line, the cached
``ui.read`` in the app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from app import metrics
from app.metrics._frames import compact
from app.reports.appraisal import appraisal, cadre_file, township_progress, unit_file  # noqa: F401
from app.reports.field import (  # noqa: F401  (reports the app reaches by name)
    contact_points,
    contact_summary,
    field_days,
    field_ledger,
    field_ledger_head,
    field_township_rollup,
    field_unit_rollup,
    help_type_mix,
    ledger_count,
    open_cases_by_type,
    petitions,
)
from app.reports.programme import *  # noqa: F403  (the programme's reports, reached by name)
from app.reports.projects import (  # noqa: F401  (reports the app reaches by name)
    investment_by_township,
    project_investment,
    project_year,
    projects_by_level,
    projects_by_stage,
    stalled_projects,
)
from app.reports.reading import (  # noqa: F401  (reached through compute by the pages)
    Reader,
    default_as_of,
    default_month,
    indicator_values,
    latest_period,
    month_end,
    shared,
    takes_filters,
    value_periods,
)
from app.reports.supervision import (  # noqa: F401  (reports the app reaches by name)
    proposal_page,
    supervision_candidates,
    supervision_counts,
    supervision_month,
    supervision_proposals,
    supervision_register,
    supervision_units,
)
from app.reports.year_to_date import (
    incremental,
    indicator_months,
    month_progress,
    progress_identity,
)
from app.settings import Settings

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


def targets(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    """序时进度 of every indicator (county and townships) at the end of ``month`` (made once
    per version where the reader keeps it: the overview, the rankings, the appraisal, the
    bulletin and the 督办 proposals all start from it)."""

    m = int(month[5:7])
    identity = progress_identity(read, year, m)

    def make(read: Reader) -> pd.DataFrame:
        made = month_progress(read, settings, year, m)
        # Kept across uploads (a province's 90,000 rows a month): its repeated text (codes,
        # names, units, lights) once, as categories, where the reader keeps it.
        return compact(made) if identity is not None else made

    return shared(read, "targets", (year, month), make, identity=identity)


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


def survey_ranking(read: Reader, settings: Settings, year: int) -> pd.DataFrame:
    return metrics.survey_ranking(
        read("survey_results"), read("units"), year, settings, read("complaints")
    )


def accountability(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """The survey rules' accountability at ``as_of`` (shared: the surveys page, the bulletin
    and the 督办 proposals read it)."""

    def make(read: Reader) -> pd.DataFrame:
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

    return shared(read, "accountability", (year, as_of), make)


def survey_missing(read: Reader, year: int) -> pd.DataFrame:
    return metrics.missing_from_rounds(read("survey_results"), read("units"), year)


def series(
    read: Reader,
    settings: Settings,
    year: int,
    indicator_code: str,
    township_code: str | None = None,
) -> pd.DataFrame:
    """Month by month values and year-to-date of one indicator (for trends and sparklines);
    where the reader keeps results by their files, each month's rows kept by its own."""
    rows = (
        indicator_months(read, year, indicator_code)
        if incremental(read)
        else indicator_values(read, (year, year), [indicator_code])
    )
    return metrics.monthly_series(
        rows,
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


def survey_ranking_as_of(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    """:func:`survey_ranking` as known on ``as_of``: rounds dated after it left out, and
    ``verified_complaints`` counting complaints received up to ``as_of`` (as accountability does)."""
    from app.metrics.surveys import verified_complaints

    dates = pd.to_datetime(read("survey_results")["survey_date"])
    # The rounds known on ``as_of`` are those dated up to the latest survey date before it:
    # the ranking is kept by that date, so a new month's date leaves it made (a province's
    # 3,000 units ranked in every round and category).
    known = dates[~(dates > pd.Timestamp(as_of))].max()
    cutoff = None if pd.isna(known) else known.date()

    def make(read: Reader) -> pd.DataFrame:
        results = read("survey_results")
        dated = pd.to_datetime(results["survey_date"])
        known = dated.isna() if cutoff is None else ~(dated > pd.Timestamp(cutoff))
        return metrics.survey_ranking(results[known], read("units"), year, settings)

    frame = shared(read, "survey_ranking_upto", (year, cutoff), make)
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
