"""Build the demo's satisfaction survey results, rectification reports and complaints.

Survey rounds are dated from ``Settings``; the scores, absences and reports fixed in
``app.demo.data_surveys`` make the accountability cases, and every other unit is drawn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.demo.build_county import _County
from app.demo.build_helpers import _date, _rng
from app.demo.data import _SURVEYED, DEMO_AS_OF, DEMO_YEAR
from app.demo.data_surveys import (
    _ABSENT,
    _COMPLAINT_SUMMARIES,
    _FIXED_SCORES,
    _MEASURES,
    _MOST_COMPLAINED,
    _RECTIFICATION_LATE,
    _RECTIFICATION_MISSING,
    _RECTIFICATION_ON_DUE_DATE,
    _ROUND_DAYS,
)
from app.settings import Settings


def _survey_dates(settings: Settings) -> dict[int, dt.date]:
    return {
        int(r): dt.date(DEMO_YEAR + offset, month, _ROUND_DAYS.get(r, 15))
        for r, (offset, month) in settings.survey.round_months.items()
    }


def _surveyed(county: _County) -> list[dict[str, Any]]:
    return [u for u in county.units if u["category"] in _SURVEYED]


def _survey_results(settings: Settings, county: _County) -> list[dict[str, Any]]:
    rng = _rng("survey")
    rows = []
    for round_no, survey_date in sorted(_survey_dates(settings).items()):
        fixed = _FIXED_SCORES.get(str(round_no), {})
        absent = _ABSENT.get(str(round_no), ())
        for unit in _surveyed(county):
            score = round(rng.uniform(76, 96) if round_no == 1 else rng.uniform(80, 97.5), 1)
            respondents = rng.randint(100, 400)
            if unit["name"] in absent:
                continue
            rows.append(
                {
                    "year": DEMO_YEAR,
                    "round": round_no,
                    "unit_code": unit["unit_code"],
                    "score": fixed.get(unit["name"], score),
                    "respondents": respondents,
                    "survey_date": _date(survey_date),
                }
            )
    return rows


def _rectifications(settings: Settings, county: _County) -> list[dict[str, Any]]:
    rng = _rng("rectifications")
    round_no = settings.survey.rectification_round
    days = settings.survey.rectification_days
    due = _survey_dates(settings)[round_no] + dt.timedelta(days=days)
    rows = []
    for unit in _surveyed(county):
        name = unit["name"]
        submitted = due - dt.timedelta(days=rng.randint(1, max(days - 2, 1)))
        published = rng.random() > 0.04
        if name in _RECTIFICATION_MISSING:
            continue
        if name == _RECTIFICATION_LATE:
            submitted, published = due + dt.timedelta(days=5), False
        elif name == _RECTIFICATION_ON_DUE_DATE:
            submitted = due
        rows.append(
            {
                "year": DEMO_YEAR,
                "round": round_no,
                "unit_code": unit["unit_code"],
                "submitted_date": _date(submitted),
                "measures": "；".join(rng.sample(_MEASURES, 2)),
                "published": published,
            }
        )
    return rows


def _complaints(county: _County) -> list[dict[str, Any]]:
    """80 complaints; 40 verified, 7 of them against ``_MOST_COMPLAINED`` (others ≤ 3)."""
    rng = _rng("complaints")
    top = county.unit_by_name[_MOST_COMPLAINED]
    targets = [u["unit_code"] for u in county.units if u["unit_code"] != top]
    verified_units = [top] * 7
    counts: dict[str, int] = {}
    while len(verified_units) < 40:
        unit = rng.choice(targets)
        if counts.get(unit, 0) < 3:
            counts[unit] = counts.get(unit, 0) + 1
            verified_units.append(unit)
    cases = [(u, True) for u in verified_units] + [(top, False)] * 2
    cases += [(rng.choice(targets), False) for _ in range(80 - len(cases))]
    first, last = dt.date(DEMO_YEAR, 1, 4), DEMO_AS_OF - dt.timedelta(days=2)
    dated = sorted(
        (first + dt.timedelta(days=rng.randint(0, (last - first).days)), unit, verified)
        for unit, verified in cases
    )
    channels = ["hotline", "letter", "online", "other"]
    return [
        {
            "complaint_id": f"TS{DEMO_YEAR}{k + 1:03d}",
            "received_date": _date(received),
            "unit_code": unit,
            "channel": rng.choices(channels, [55, 15, 22, 8])[0],
            "verified": verified,
            "summary": rng.choice(_COMPLAINT_SUMMARIES),
        }
        for k, (received, unit, verified) in enumerate(dated)
    ]
