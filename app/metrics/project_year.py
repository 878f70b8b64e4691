"""Project Construction Year 项目建设年: the year's targets (the projects' stages, stalls and
investment: :mod:`app.metrics.project_progress`).

Indicator money is 亿元; project money is 万元 (1 亿元 = ``wan_per_yi`` 万元). Every target and
conversion factor comes from ``settings.project_year``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.metrics._frames import (
    as_month_index,
    conform,
    month_index,
    optional_float,
)
from app.metrics.project_progress import _progress
from app.metrics.time_progress import _aggregations, prepared_ytd
from app.metrics.year_to_date import monthly_values, state_ytd
from app.settings import Settings

# Projects whose completed investment counts towards the key-projects share (省重点、地区重大).
KEY_PROJECT_LEVELS = ("provincial_key", "prefecture_major")


MEASURES = [
    "fai",
    "industry_share",
    "fai_per_capita",
    "key_projects_share",
    "funds_in_place",
    "funds_growth",
    "policy_abolished",
]


def _measure(
    measure: str,
    actual: float | None,
    target: float,
    *,
    met: bool | None,
    stretch_target: float | None = None,
    due: float | None = None,
) -> dict[str, Any]:
    """One measure: ``due`` is the time-progress share of the target (序时), where it applies."""
    due = target if due is None else due
    return {
        "measure": measure,
        "actual": actual,
        "target": target,
        "stretch_target": stretch_target,
        "met": met,
        "stretch_met": None
        if stretch_target is None or actual is None
        else bool(actual >= stretch_target),
        "due": due,
        "on_track": None if actual is None else bool(actual >= due),
    }


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def project_year(
    indicators: pd.DataFrame,
    targets: pd.DataFrame | None,
    values: pd.DataFrame,
    projects: pd.DataFrame,
    progress: pd.DataFrame,
    year: int,
    as_of_month: int | str,
    settings: Settings,
    states: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> dict[str, Any]:
    """The Project Construction Year's measures 项目建设年目标 at the end of ``as_of_month``.

    ``as_of_month`` is a month number of ``year`` (or ``'YYYY-MM'``). ``values`` are the
    county totals (township_code missing) of the indicators named by
    ``settings.project_year.*_code``; ``progress`` is project_progress. The targets are the
    programme's, from ``settings.project_year``; ``targets`` (the indicator targets table) is
    not consulted, so the measures stay those of the speech whatever the catalogue holds.

    ``states``: instead of ``values``, the year-to-date states
    (:mod:`app.metrics.year_to_date`) at the end of the month of ``year`` and of ``year − 1``,
    as the app keeps them (the same figures, without reading two years of values).

    Returns ``{"year", "month", "measures"}``; ``measures`` is a list of dicts with keys
    measure, actual, target, stretch_target, met, stretch_met, due, on_track, for:

    - ``fai`` 全社会固定资产投资 (亿元, year to date); met when ≥ the annual target; due =
      target × m/12 (序时进度) and on_track when actual ≥ due;
    - ``industry_share`` 工业投资占比 = FAI_INDUSTRY / FAI; "about 40%": met when at most
      ``industry_share_tolerance`` below the target;
    - ``fai_per_capita`` 人均固定资产投资 (元) = FAI × yuan_per_yi / population; due as for fai;
    - ``key_projects_share`` 省重点和地区重大项目完成投资占比 = invested (万元) by
      provincial_key and prefecture_major projects in the year up to the month / wan_per_yi / FAI;
    - ``funds_in_place`` 招商引资到位资金 (亿元): met at the floor target, stretch_met at the
      stretch target; due = floor × m/12;
    - ``funds_growth`` 到位资金增长 = YTD / same months of the year before − 1; met when at
      most ``funds_growth_tolerance`` below the target;
    - ``policy_abolished`` 政策清理废除比例 (latest value in the year); met when > target.

    ``actual`` (and so met, on_track) is None where there is no data.
    """
    del targets  # the programme's targets live in settings (see the docstring)
    cfg = settings.project_year
    midx = as_month_index(as_of_month, year)
    year, month = midx // 12, midx % 12 + 1
    fraction = month / 12.0
    catalogue = _aggregations(conform(indicators, "indicators"))
    vals = monthly_values(values) if states is None else None

    def ytd(code: str, in_year: int = year, aggregation: str | None = None) -> float | None:
        how = catalogue if aggregation is None else pd.Series({code: aggregation})
        if vals is not None:
            return prepared_ytd(vals, how, code, in_year, month)
        return state_ytd(states[0] if in_year == year else states[1], how, code)

    fai = ytd(cfg.fai_code)
    industry = ytd(cfg.fai_industry_code)
    funds = ytd(cfg.funds_code)
    funds_before = ytd(cfg.funds_code, year - 1)
    policy = ytd(cfg.policy_code, aggregation="last")

    proj = conform(projects, "projects")
    prog = _progress(progress, midx)
    prog = prog[prog["midx"] >= month_index(year, 1)]
    key_ids = proj.loc[proj["level"].isin(KEY_PROJECT_LEVELS), "project_id"]
    key_rows = prog[prog["project_id"].isin(key_ids)]
    key_invested = float(key_rows["invested"].sum()) / cfg.wan_per_yi if len(key_rows) else None

    industry_share = _ratio(industry, fai)
    per_capita = _ratio(None if fai is None else fai * cfg.yuan_per_yi, cfg.population)
    key_share = _ratio(key_invested, fai)
    funds_growth = _ratio(funds, funds_before)
    funds_growth = None if funds_growth is None else funds_growth - 1.0

    def at_least(actual: float | None, target: float, tolerance: float = 0.0) -> bool | None:
        return None if actual is None else bool(actual >= target - tolerance - 1e-12)

    measures = [
        _measure(
            "fai",
            fai,
            cfg.fai_target,
            met=at_least(fai, cfg.fai_target),
            due=cfg.fai_target * fraction,
        ),
        _measure(
            "industry_share",
            industry_share,
            cfg.industry_share_target,
            met=at_least(industry_share, cfg.industry_share_target, cfg.industry_share_tolerance),
            due=cfg.industry_share_target - cfg.industry_share_tolerance,
        ),
        _measure(
            "fai_per_capita",
            per_capita,
            cfg.fai_per_capita_target,
            met=at_least(per_capita, cfg.fai_per_capita_target),
            due=cfg.fai_per_capita_target * fraction,
        ),
        _measure(
            "key_projects_share",
            key_share,
            cfg.key_projects_share_target,
            met=at_least(key_share, cfg.key_projects_share_target),
        ),
        _measure(
            "funds_in_place",
            funds,
            cfg.funds_floor,
            stretch_target=cfg.funds_stretch,
            met=at_least(funds, cfg.funds_floor),
            due=cfg.funds_floor * fraction,
        ),
        _measure(
            "funds_growth",
            funds_growth,
            cfg.funds_growth_target,
            met=at_least(funds_growth, cfg.funds_growth_target, cfg.funds_growth_tolerance),
            due=cfg.funds_growth_target - cfg.funds_growth_tolerance,
        ),
        _measure(
            "policy_abolished",
            policy,
            cfg.policy_abolished_target,
            met=None if policy is None else bool(policy > cfg.policy_abolished_target),
        ),
    ]
    # on_track for the strict "more than" target follows met, not ≥.
    measures[-1]["on_track"] = measures[-1]["met"]
    for item in measures:
        item["actual"] = optional_float(item["actual"])
    return {"year": year, "month": month, "measures": measures}
