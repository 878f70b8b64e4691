"""Build the demo's indicator facts: township breakdowns of targets and monthly values.

FAI and funds in place are split among the townships (summing exactly to the county
targets) and reported per township, with the county row the exact sum; every other
indicator has county values only, from January 2010 to the as-of month.
"""

from __future__ import annotations

import random
from typing import Any

from app.demo.build_helpers import _jitter, _levels, _rng, _spread
from app.demo.data import _AS_OF_MONTH, _FLAT, _MONTHS_2010, _MONTHS_2011, _TOWNSHIPS
from app.demo.data_indicators import (
    _FAI_BEHIND,
    _FUNDS_BEHIND,
    _GAP_INDICATOR,
    _GAP_PERIOD,
    _Indicator,
)
from app.settings import Settings


def _township_targets(settings: Settings) -> dict[str, dict[str, float]]:
    """Township breakdowns of FAI and funds in place, summing exactly to the county targets."""
    py = settings.project_year
    rng = _rng("township-targets")
    codes = [c for c, _, _, _ in _TOWNSHIPS]
    fai_weights = [w for _, _, _, w in _TOWNSHIPS]
    funds_weights = _jitter(rng, fai_weights, 0.25)
    return {
        py.fai_code: dict(zip(codes, _spread(py.fai_target, fai_weights, 1), strict=True)),
        py.funds_code: dict(zip(codes, _spread(py.funds_floor, funds_weights, 2), strict=True)),
    }


def _sum_months(
    rng: random.Random, ind: _Indicator, amount_2010: float, amount_2011: float
) -> tuple[list[float], list[float]]:
    """Month amounts: 2010 Jan–Nov adding up to ``amount_2010`` plus December; 2011 to Nov."""
    profile, d = ind.profile, ind.decimals
    months_2010 = _spread(amount_2010, _jitter(rng, profile[:11], 0.1), d)
    december = amount_2010 * profile[11] * rng.uniform(0.9, 1.1) / sum(profile[:11])
    months_2011 = _spread(amount_2011, _jitter(rng, profile[:11], 0.12), d)
    return months_2010 + [round(december, d)], months_2011


def _indicator_values(
    settings: Settings, indicators: list[_Indicator], township_targets: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    py = settings.project_year
    behind = {py.fai_code: _FAI_BEHIND, py.funds_code: _FUNDS_BEHIND}
    periods = _MONTHS_2010 + _MONTHS_2011
    rows: list[dict[str, Any]] = []
    for ind in indicators:
        rng = _rng(f"values/{ind.code}")
        if ind.code in township_targets:
            rows += _split_values(rng, ind, township_targets[ind.code], behind[ind.code])
            continue
        if ind.aggregation == "sum":
            m2010, m2011 = _sum_months(rng, ind, ind.target * ind.base, ind.target * ind.actual)
            values = m2010 + m2011
        elif ind.aggregation == "last":
            level_2010, level_2011 = ind.target * ind.base, ind.target * ind.actual
            start = level_2010 - 0.5 * (level_2011 - level_2010)
            start = min(max(start, level_2010 * 0.5), level_2010 * 1.5)
            values = _levels(rng, start, level_2010, 12, ind.decimals)
            values += _levels(rng, level_2010, level_2011, _AS_OF_MONTH + 1, ind.decimals)[1:]
        else:  # mean
            months = len(_MONTHS_2011)
            values = _spread(ind.target * ind.base * 12, _jitter(rng, _FLAT, 0.03), ind.decimals)
            values += _spread(
                ind.target * ind.actual * months, _jitter(rng, _FLAT[:months], 0.03), ind.decimals
            )
        for period, value in zip(periods, values, strict=True):
            if (ind.code, period) != (_GAP_INDICATOR, _GAP_PERIOD):
                rows.append(
                    {
                        "period": period,
                        "indicator_code": ind.code,
                        "township_code": None,
                        "value": value,
                    }
                )
    return rows


def _split_values(
    rng: random.Random, ind: _Indicator, targets: dict[str, float], behind: dict[str, float]
) -> list[dict[str, Any]]:
    """Monthly values per township and their county total (the exact sum of the townships).

    Townships in ``behind`` reach that share of their own target by November; the others
    share the rest of the county's amount in proportion to their targets.
    """
    d = ind.decimals
    county_2011 = ind.target * ind.actual
    reached = {t: targets[t] * (behind.get(t) or rng.uniform(0.985, 1.015)) for t in targets}
    on_time = [t for t in targets if t not in behind]
    scale = (county_2011 - sum(reached[t] for t in behind)) / sum(reached[t] for t in on_time)
    amounts_2011 = {t: reached[t] * (1 if t in behind else scale) for t in targets}
    amounts_2010 = dict(
        zip(
            targets,
            _spread(ind.target * ind.base, _jitter(rng, list(targets.values()), 0.1), d),
            strict=True,
        )
    )
    periods = _MONTHS_2010 + _MONTHS_2011
    county = [0.0] * len(periods)
    rows: list[dict[str, Any]] = []
    for township in targets:
        m2010, m2011 = _sum_months(rng, ind, amounts_2010[township], amounts_2011[township])
        for k, (period, value) in enumerate(zip(periods, m2010 + m2011, strict=True)):
            county[k] += value
            rows.append(
                {
                    "period": period,
                    "indicator_code": ind.code,
                    "township_code": township,
                    "value": value,
                }
            )
    for period, total in zip(periods, county, strict=True):
        rows.append(
            {
                "period": period,
                "indicator_code": ind.code,
                "township_code": None,
                "value": round(total, d),
            }
        )
    return rows
