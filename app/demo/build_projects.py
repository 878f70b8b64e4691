"""Build the demo's projects and their monthly progress in 2011.

Investment follows each project's timeline in ``app.demo.data_projects``; key projects are
scaled so that together they complete the demo's share of the county's fixed-asset
investment to the as-of month.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.demo.build_county import _County
from app.demo.build_helpers import _date, _jitter, _rng, _spread
from app.demo.data import _AS_OF_MONTH, _INVEST, DEMO_YEAR
from app.demo.data_projects import _KEY_LEVELS, _KEY_PROJECTS_SHARE, _PROJECTS, _Project
from app.settings import Settings


def _project_id(k: int) -> str:
    return f"XM{DEMO_YEAR}{k + 1:03d}"


def _projects(
    settings: Settings, county: _County, fai_to_date: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Projects and their monthly progress; key projects complete ``_KEY_PROJECTS_SHARE``
    of the county's FAI to November (FAI in 亿元, projects in 万元)."""
    rng = _rng("projects")
    months = range(1, _AS_OF_MONTH + 1)
    shapes = []
    for p in _PROJECTS:
        last = p.end or 12
        planned = [m for m in range(1, 13) if max(p.start, 1) <= m <= last]
        active = [m for m in months if m in planned and m not in p.gap]
        base = p.plan * rng.uniform(0.82, 0.97) * len(active) / len(planned) if planned else 0.0
        shapes.append((planned, active, base))

    key = [k for k, p in enumerate(_PROJECTS) if p.level in _KEY_LEVELS]
    key_total = round(fai_to_date * settings.project_year.wan_per_yi * _KEY_PROJECTS_SHARE)
    key_base = sum(shapes[k][2] for k in key)
    scale = key_total / key_base
    to_date = {k: round(shapes[k][2]) for k in range(len(_PROJECTS))}
    to_date.update(zip(key, _spread(key_total, [shapes[k][2] for k in key], 0), strict=True))

    projects: list[dict[str, Any]] = []
    progress: list[dict[str, Any]] = []
    for k, p in enumerate(_PROJECTS):
        planned, active, _ = shapes[k]
        factor = scale if k in key else 1.0
        year_plan = round(p.plan * factor, -2)
        lead = county.county_leaders[k % len(county.county_leaders)]
        planned_start, planned_end = _planned_dates(rng, p)
        projects.append(
            {
                "project_id": _project_id(k),
                "name": p.name,
                "township_code": p.township,
                "level": p.level,
                "industrial": p.industrial,
                "total_investment": max(round(p.total * factor, -2), year_plan),
                "year_plan": year_plan,
                "lead_cadre_id": lead,
                "planned_start": _date(planned_start),
                "planned_end": _date(planned_end),
            }
        )
        weights = _jitter(rng, [_INVEST[m - 1] for m in active], 0.15)
        amounts = dict(zip(active, _spread(to_date[k], weights, 0), strict=True)) if active else {}
        for m in months:
            if m not in planned:
                stage = "completed" if p.end and m > p.end else "reserve"
            else:
                stage = "completed" if p.end and m >= p.end else "construction"
            invested: float | None = amounts.get(m, 0.0)
            note = None
            if m in p.gap:
                invested = None if p.gap_missing else 0.0
                note = p.gap_note
            elif m == p.end:
                note = "竣工投产"
            elif m == p.start:
                note = "开工建设"
            elif stage == "reserve" and m == 1:
                note = "开展前期工作"
            elif stage == "construction" and rng.random() < 0.06:
                note = rng.choice(("征地拆迁有序推进", "主体工程施工中", "设备安装调试"))
            progress.append(
                {
                    "period": f"{DEMO_YEAR}-{m:02d}",
                    "project_id": _project_id(k),
                    "stage": stage,
                    "invested": invested,
                    "note": note,
                }
            )
    return projects, progress


def _planned_dates(rng: random.Random, p: _Project) -> tuple[dt.date, dt.date]:
    if p.start == 0:
        year = rng.choice((DEMO_YEAR - 2, DEMO_YEAR - 1))
        start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    elif p.start > 12:
        start = dt.date(DEMO_YEAR + 1, rng.randint(2, 6), 1)
    else:
        start = dt.date(DEMO_YEAR, p.start, rng.randint(1, 15))
    if p.end:
        end = dt.date(DEMO_YEAR, max(p.end - 1, start.month if start.year == DEMO_YEAR else 1), 28)
    else:
        end = dt.date(
            max(start.year + 2, DEMO_YEAR + 1) + rng.randint(0, 1), rng.randint(1, 12), 28
        )
    return start, max(start, end)
