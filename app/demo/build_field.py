"""Build the demo's field activities (四帮四促台账) and petitions (信访维稳).

Each cadre's grassroots days are placed month by month to meet (or, for the cadres chosen
in ``_field_cases``, fall short of) the required days in ``Settings``; each leading cadre's
petition cases meet the festival and in-year rules unless chosen in ``_petition_cases``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from app.demo.build_county import _County
from app.demo.build_helpers import _date, _jitter, _rng, _spread
from app.demo.data import _AS_OF_MONTH, _FLAT, DEMO_AS_OF, DEMO_YEAR
from app.demo.data_field import _DISPUTE_WEIGHTS, _HELP_WEIGHTS, _HELP_WORK, _SPAN_LENGTHS
from app.settings import Settings


@dataclass(frozen=True)
class _FieldCases:
    """Cadres built to show each grassroots-days status."""

    behind: dict[str, float]  # cadre_id -> share of the days due by the as-of date
    met: tuple[str, ...]  # more than the year's requirement already
    short_liaison: str
    short_months: dict[int, int]  # month -> distinct days, below the monthly minimum
    new_year: str  # has an activity from 2010-12-30 to 2011-01-02


def _field_cases(county: _County, settings: Settings) -> _FieldCases:
    minimum = settings.field_days.liaison_min_days_per_month
    return _FieldCases(
        behind={
            county.county_leaders[14]: 0.5,
            county.leader_of[county.unit_by_name["县住房和城乡建设局"]]: 0.55,
            county.township_leaders["19"][1]: 0.65,
        },
        met=(county.township_leaders["01"][0],),
        short_liaison=county.liaison_of[county.unit_by_name["县林业局"]],
        short_months={3: max(minimum - 2, 0), 8: max(minimum - 1, 0)},
        new_year=county.county_leaders[0],
    )


def _monthly_quotas(
    rng: random.Random, level: str, cadre_id: str, settings: Settings, cases: _FieldCases
) -> list[int]:
    months = _AS_OF_MONTH
    if level == "liaison":
        minimum = settings.field_days.liaison_min_days_per_month
        quotas = [rng.randint(minimum, minimum + 3) for _ in range(months)]
        if cadre_id == cases.short_liaison:
            for month, days in cases.short_months.items():
                quotas[month - 1] = days
        return quotas
    year_start = dt.date(DEMO_YEAR, 1, 1)
    elapsed = (DEMO_AS_OF - year_start).days + 1
    year_days = 366 if calendar.isleap(DEMO_YEAR) else 365
    required = settings.field_days.required_days[level]
    due = required * elapsed / year_days
    if cadre_id in cases.behind:
        total = round(due * cases.behind[cadre_id])
    elif cadre_id in cases.met:
        total = required + 6
    else:
        total = math.ceil(due * rng.uniform(1.02, 1.12))
    quotas = [int(q) for q in _spread(total, _jitter(rng, _FLAT[:months], 0.2), 0)]
    return [min(q, calendar.monthrange(DEMO_YEAR, m + 1)[1] - 1) for m, q in enumerate(quotas)]


def _place_spans(
    rng: random.Random, month: int, quota: int, taken: set[int], lengths: tuple[int, ...]
) -> list[tuple[int, int]]:
    """Spans (first day, last day) within ``month`` adding up to ``quota`` distinct days,
    counting the days already ``taken``; a few spans overlap earlier ones."""
    month_days = calendar.monthrange(DEMO_YEAR, month)[1]
    spans = []
    tries = 0
    while len(taken) < quota:
        tries += 1
        length = min(rng.choice(lengths), quota - len(taken))
        first = rng.randint(1, month_days - length + 1)
        days = set(range(first, first + length))
        new = days - taken
        if not new or (len(new) < length and (tries > 200 or rng.random() > 0.08)):
            if tries > 400:  # a crowded month: fill single free days
                free = sorted(set(range(1, month_days + 1)) - taken)
                first = free[rng.randrange(len(free))]
                spans.append((first, first))
                taken.add(first)
            continue
        spans.append((first, first + length - 1))
        taken |= days
    return spans


def _activity_text(rng: random.Random, help_type: str) -> tuple[str, str]:
    contents, outcomes = _HELP_WORK[help_type]
    outcome = rng.choice(outcomes).format(n=rng.randint(2, 60))
    return rng.choice(contents), outcome


def _field_activities(settings: Settings, county: _County) -> list[dict[str, Any]]:
    cases = _field_cases(county, settings)
    help_types, help_weights = list(_HELP_WEIGHTS), list(_HELP_WEIGHTS.values())
    rows: list[dict[str, Any]] = []

    def add(rng: random.Random, cadre_id: str, first: dt.date, last: dt.date) -> None:
        township, village = rng.choice(county.places_of[cadre_id])
        help_type = rng.choices(help_types, help_weights)[0]
        content, outcome = _activity_text(rng, help_type)
        rows.append(
            {
                "activity_id": f"TZ{DEMO_YEAR}{len(rows) + 1:05d}",
                "cadre_id": cadre_id,
                "start_date": _date(first),
                "end_date": _date(last),
                "township_code": township,
                "village_code": village,
                "help_type": help_type,
                "content": content,
                "outcome": outcome,
            }
        )

    for cadre in county.cadres:
        cadre_id, level = cadre["cadre_id"], cadre["level"]
        if level not in _SPAN_LENGTHS:
            continue
        rng = _rng(f"field/{cadre_id}")
        quotas = _monthly_quotas(rng, level, cadre_id, settings, cases)
        for month, quota in enumerate(quotas, start=1):
            taken: set[int] = set()
            if month == 1 and cadre_id == cases.new_year:
                add(rng, cadre_id, dt.date(DEMO_YEAR - 1, 12, 30), dt.date(DEMO_YEAR, 1, 2))
                rows[-1].update(
                    content="元旦前夕走访慰问困难群众和老党员",
                    help_type="problem",
                    outcome="慰问困难群众和老党员",
                    village_code=None,
                )
                taken |= {1, 2}
            for first, last in _place_spans(rng, month, quota, taken, _SPAN_LENGTHS[level]):
                day = dt.date(DEMO_YEAR, month, 1)
                add(rng, cadre_id, day.replace(day=first), day.replace(day=last))
    return rows


@dataclass(frozen=True)
class _PetitionCases:
    late_prominent: dict[str, dt.date]  # cadre -> date its prominent case was resolved
    one_in_year: str  # its second case is still open
    no_cases: str
    on_festival: str  # prominent case resolved on the festival itself: still in time


def _petition_cases(county: _County, settings: Settings) -> _PetitionCases:
    festival = settings.petitions.spring_festival
    return _PetitionCases(
        late_prominent={
            county.county_leaders[17]: dt.date(festival.year, 3, 10),
            county.leader_of[county.unit_by_name["县交通运输局"]]: festival + dt.timedelta(days=1),
        },
        one_in_year=county.leader_of[county.unit_by_name["县国土资源局"]],
        no_cases=county.township_leaders["23"][1],
        on_festival=county.county_leaders[4],
    )


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _petitions(settings: Settings, county: _County) -> list[dict[str, Any]]:
    """Cases for every leading cadre: a prominent case resolved before the Spring Festival and
    more prominent cases resolved in the year, so that each leader has the minimum in the year
    whether or not the rule counts only prominent cases; the ``_petition_cases`` leaders fall
    short. Some leaders also have lesser (not prominent) cases and cases still open."""
    festival = settings.petitions.spring_festival
    cases = _petition_cases(county, settings)
    year_start, year = dt.date(DEMO_YEAR, 1, 1), DEMO_YEAR
    kinds, kind_weights = list(_DISPUTE_WEIGHTS), list(_DISPUTE_WEIGHTS.values())
    found: list[tuple[dt.date, str, dt.date | None, bool, str | None, str]] = []
    for cadre in county.cadres:
        cadre_id = cadre["cadre_id"]
        if cadre["level"] not in settings.petitions.leading_levels or cadre_id == cases.no_cases:
            continue
        rng = _rng(f"petitions/{cadre_id}")
        own: list[tuple[dt.date, dt.date | None, bool]] = []  # received, resolved, prominent

        # The prominent case before the festival (a few leaders resolve it in December).
        received = _between(rng, dt.date(year - 1, 10, 8), dt.date(year, 1, 10))
        if cadre_id in cases.late_prominent:
            resolved = cases.late_prominent[cadre_id]
        elif cadre_id == cases.on_festival:
            resolved = festival
        elif rng.random() < 0.15:
            december = dt.date(year - 1, 12, 1)
            resolved = _between(rng, max(received, december), december.replace(day=31))
        else:
            resolved = _between(rng, max(received, dt.date(year, 1, 4)), festival)
        own.append((received, resolved, True))
        in_year = 1 if resolved >= year_start else 0
        # Cases resolved later in the year, so each leader has at least two in the year.
        while in_year < settings.petitions.in_year_min:
            received = _between(rng, dt.date(year, 1, 5), dt.date(year, 9, 30))
            if cadre_id == cases.one_in_year:
                own.append((received, None, False))
                break
            resolved = received + dt.timedelta(days=rng.randint(7, 60))
            own.append((received, resolved, True))
            in_year += 1
        if rng.random() < 0.3:  # a lesser case, resolved in the year
            received = _between(rng, dt.date(year, 1, 5), dt.date(year, 9, 30))
            own.append((received, received + dt.timedelta(days=rng.randint(5, 45)), False))
        if rng.random() < 0.2:  # a case still open at the as-of date
            received = _between(rng, dt.date(year, 8, 1), DEMO_AS_OF - dt.timedelta(days=5))
            own.append((received, None, rng.random() < 0.3))
        for received, resolved, prominent in own:
            township = county.home_township.get(cadre_id) if rng.random() > 0.1 else None
            kind = rng.choices(kinds, kind_weights)[0]
            found.append((received, cadre_id, resolved, prominent, township, kind))
    return [
        {
            "case_id": f"XF{DEMO_YEAR}{k + 1:03d}",
            "cadre_id": cadre_id,
            "received_date": _date(received),
            "resolved_date": _date(resolved),
            "dispute_type": kind,
            "township_code": township,
            "prominent": prominent,
        }
        for k, (received, cadre_id, resolved, prominent, township, kind) in enumerate(
            sorted(found, key=lambda c: (c[0], c[1]))
        )
    ]
