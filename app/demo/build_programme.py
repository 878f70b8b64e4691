"""Build the demo's rows for the rest of the programme, on top of the county's master data:
the new unit and project columns, a township's own units and their surveys, the paired
leaders, work plans, survey rounds, commitments, reception days and the county's rank.

Everything the older stages built stays as it was (their numbers are asserted elsewhere);
the scenario cases are named in :func:`programme_scenarios`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.demo.build_county import _County
from app.demo.build_helpers import _date, _rng
from app.demo.build_projects import _project_id
from app.demo.data import DEMO_AS_OF, DEMO_YEAR
from app.demo.data_programme import (
    _COUNTY_RANKS,
    _PAIRED_LEAD_UNITS,
    _PEERS,
    _PUBLIC_COMMITMENTS,
    _ROUNDS,
    _SUPERIORS,
    _TOWNSHIP_UNITS,
    _WINDOW_UNITS,
    _WORK_PLAN_LATE,
    _WORK_PLAN_MISSING,
    _WORK_PLAN_STARTED_LATE,
)
from app.demo.data_projects import _PROJECTS, _STALLED_PROJECTS
from app.metrics.programme import work_plan_deadline
from app.settings import Settings


def township_unit_code(township: str, k: int) -> str:
    return f"3{township}{k + 1:02d}"


def programme_units(county: _County) -> list[dict[str, Any]]:
    """The units with window, superior, township and paired-lead columns, and each
    township's own units (stations, communities, service areas) appended."""
    rows = []
    for unit in county.units:
        name = unit["name"]
        township = unit["unit_code"][1:] if unit["category"] == "township" else None
        rows.append(
            {
                **unit,
                "window": name in _WINDOW_UNITS,
                "superior": _SUPERIORS.get(name),
                "township_code": township,
                "paired_lead_unit": name in _PAIRED_LEAD_UNITS,
            }
        )
    for township, own in _TOWNSHIP_UNITS.items():
        for k, (category, name) in enumerate(own):
            rows.append(
                {
                    "unit_code": township_unit_code(township, k),
                    "name": name,
                    "category": category,
                    "window": category == "service_area",
                    "superior": None,
                    "township_code": township,
                    "paired_lead_unit": False,
                }
            )
    return rows


def _paired_contacts(county: _County) -> list[str]:
    """The county leaders who lead the 对口联系 pairings, in the order they were assigned."""
    seen: dict[str, None] = {}
    for row in county.pairings:
        if row["scheme"] == "paired" and row["contact_cadre_id"]:
            seen[row["contact_cadre_id"]] = None
    return list(seen)


def _liaison_move(county: _County) -> tuple[str, str, str]:
    """(cadre, from unit, to unit): a group unit's liaison recorded under another unit of the
    same township whose pairing is the whole township, so that one unit has no liaison and
    the other two (the moved liaison's days still fall at its new unit's contact point)."""
    whole = [r for r in county.pairings if r["scheme"] == "group" and r["village_code"] is None]
    target = whole[0]
    source = next(
        r
        for r in county.pairings
        if r["scheme"] == "group"
        and r["township_code"] == target["township_code"]
        and r["unit_code"] != target["unit_code"]
    )
    return county.liaison_of[source["unit_code"]], source["unit_code"], target["unit_code"]


def programme_cadres(county: _County) -> list[dict[str, Any]]:
    """The cadres, with the paired leaders seated in the paired-lead units (人大、政协、公检法、
    人武部: county leaders of those bodies) except the last, who stays in 县政府办公室 (its
    pairings are listed), and one liaison recorded under the wrong unit."""
    contacts = _paired_contacts(county)
    lead_units = [county.unit_by_name[n] for n in _PAIRED_LEAD_UNITS]
    seat = {c: lead_units[k % len(lead_units)] for k, c in enumerate(contacts[:-1])}
    moved, _, to_unit = _liaison_move(county)
    rows = []
    for cadre in county.cadres:
        unit_code = seat.get(cadre["cadre_id"], cadre["unit_code"])
        if cadre["cadre_id"] == moved:
            unit_code = to_unit
        rows.append({**cadre, "unit_code": unit_code})
    return rows


def programme_projects(county: _County, projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Projects with a responsible unit and person in charge, and three schedule cases: a
    project still in reserve past its planned start (late_start), one past its planned
    completion (overdue) and a key project without a lead cadre (missing_lead)."""
    cases = schedule_cases()
    development = county.unit_by_name["县发展和改革局"]
    rows = []
    for p in projects:
        township = p["township_code"]
        unit = f"2{township}" if p["level"] == "county" and township else development
        person = county.township_leaders[township][0] if unit != development else None
        person = person or county.leader_of[development]
        names = {c["cadre_id"]: c["name"] for c in county.cadres}
        row = {**p, "lead_unit_code": unit, "person_in_charge": names[person]}
        if p["project_id"] == cases["late_start"]:
            row["planned_start"] = _date(dt.date(DEMO_YEAR, 8, 1))
        if p["project_id"] == cases["overdue"]:
            row["planned_end"] = _date(dt.date(DEMO_YEAR, 9, 28))
        if p["project_id"] == cases["missing_lead"]:
            row["lead_cadre_id"] = None
        rows.append(row)
    return rows


def schedule_cases() -> dict[str, str]:
    """The project ids of the schedule cases, chosen from the demo's project timelines: a
    project not in construction in 2011, one started before 2011 and not completed, and the
    last prefecture-major project (none of them stalled or the other cases)."""
    ids = [_project_id(k) for k in range(len(_PROJECTS))]
    usable = [(i, p) for i, p in zip(ids, _PROJECTS, strict=True) if i not in _STALLED_PROJECTS]
    late = next(i for i, p in usable if p.start > 12)
    overdue = next(i for i, p in usable if p.start == 0 and not p.end)
    lead = [i for i, p in usable if p.level == "prefecture_major" and i not in (late, overdue)]
    return {"late_start": late, "overdue": overdue, "missing_lead": lead[-1]}


def township_survey_results(settings: Settings, dates: dict[int, dt.date]) -> list[dict[str, Any]]:
    """Rounds 2 and 3 of each township's survey of its own units (the county's dates)."""
    rng = _rng("township_survey")
    rows = []
    for round_no in settings.programme.township_rounds:
        for township, own in _TOWNSHIP_UNITS.items():
            for k, _ in enumerate(own):
                rows.append(
                    {
                        "year": DEMO_YEAR,
                        "round": int(round_no),
                        "unit_code": township_unit_code(township, k),
                        "score": round(rng.uniform(78, 96), 1),
                        "respondents": rng.randint(40, 120),
                        "survey_date": _date(dates[int(round_no)]),
                    }
                )
    return rows


def work_plans(settings: Settings, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each filing unit's 工作方案 for the demo year, with the scenario cases."""
    rng = _rng("work_plans")
    deadline = work_plan_deadline(DEMO_YEAR, settings)
    rows = []
    for unit in units:
        if unit["category"] not in settings.programme.work_plan_categories:
            continue
        name = unit["name"]
        submitted = deadline - dt.timedelta(days=rng.randint(1, 9))
        started = submitted + dt.timedelta(days=rng.randint(0, 1))
        if name in _WORK_PLAN_MISSING:
            continue
        if name == _WORK_PLAN_LATE:
            submitted, started = deadline + dt.timedelta(days=3), deadline + dt.timedelta(days=4)
        if name == _WORK_PLAN_STARTED_LATE:
            started = deadline + dt.timedelta(days=7)
        rows.append(
            {
                "year": DEMO_YEAR,
                "unit_code": unit["unit_code"],
                "submitted_on": _date(submitted),
                "started_on": _date(started),
            }
        )
    return rows


def survey_rounds() -> list[dict[str, Any]]:
    return [
        {
            "year": DEMO_YEAR,
            "round": r,
            "approved_on": _date(approved),
            "published_on": _date(published) if published else None,
            "medium": medium,
        }
        for r, (approved, published, medium) in sorted(_ROUNDS.items())
    ]


def county_rankings() -> list[dict[str, Any]]:
    return [
        {"year": y, "measure": m, "rank": r, "peers": _PEERS, "scope": "全地区"}
        for m, ranks in _COUNTY_RANKS.items()
        for y, r in sorted(ranks.items())
    ]


def commitments(
    county: _County, cadres: list[dict[str, Any]], dates: dict[int, dt.date]
) -> list[dict[str, Any]]:
    """服务基层承诺 of every county leader (January, published), and the units' 公开承诺
    after their admonishment."""
    unit_of = {c["cadre_id"]: c["unit_code"] for c in cadres}
    rows = []
    for k, cadre_id in enumerate(county.county_leaders):
        made = dt.date(DEMO_YEAR, 1, 5 + k % 10)
        rows.append(
            {
                "commitment_id": f"CN{DEMO_YEAR}{len(rows) + 1:03d}",
                "kind": "service",
                "year": DEMO_YEAR,
                "round": None,
                "unit_code": unit_of[cadre_id],
                "cadre_id": cadre_id,
                "made_on": _date(made),
                # One leader's commitment is not yet published (在一定范围内公开).
                "published_on": None if k == 5 else _date(made + dt.timedelta(days=3)),
                "content": "每月下基层不少于5天，帮助联系点理清发展思路、解决实际问题",
            }
        )
    for round_no, name, days in _PUBLIC_COMMITMENTS:
        made = dates[round_no] + dt.timedelta(days=days)
        if made > DEMO_AS_OF:
            continue
        unit = county.unit_by_name[name]
        rows.append(
            {
                "commitment_id": f"CN{DEMO_YEAR}{len(rows) + 1:03d}",
                "kind": "public",
                "year": DEMO_YEAR,
                "round": round_no,
                "unit_code": unit,
                "cadre_id": county.leader_of.get(unit),
                "made_on": _date(made),
                "published_on": _date(made + dt.timedelta(days=2)),
                "content": "针对测评中群众反映的问题限期整改，整改结果向社会公开",
            }
        )
    return rows


def receptions(county: _County) -> list[dict[str, Any]]:
    """定期接访 of the county leaders (monthly reception day, some by video with the townships)
    and the township leaders, January to the as-of date; one county leader receives no one in
    the third quarter."""
    rng = _rng("receptions")
    quiet = county.county_leaders[2]
    leaders = [(c, None) for c in county.county_leaders]
    leaders += [(c, t) for t, pair in county.township_leaders.items() for c in pair]
    rows = []
    for month in range(1, DEMO_AS_OF.month + 1):
        for cadre_id, township in leaders:
            if cadre_id == quiet and month in (7, 8, 9):
                continue
            if township is not None and rng.random() < 0.45:
                continue
            mode = "in_person" if township else rng.choice(("in_person", "in_person", "video"))
            if township and rng.random() < 0.3:
                mode = "visit"
            rows.append(
                {
                    "reception_id": f"JF{DEMO_YEAR}{len(rows) + 1:04d}",
                    "cadre_id": cadre_id,
                    "date": _date(dt.date(DEMO_YEAR, month, rng.randint(5, 25))),
                    "township_code": township or county.home_township.get(cadre_id),
                    "mode": mode,
                    "people": rng.randint(1, 12),
                }
            )
    return rows


def programme_scenarios(county: _County) -> dict[str, Any]:
    """The demo entities built to exercise each rule of the programme."""
    unit = county.unit_by_name
    moved, from_unit, to_unit = _liaison_move(county)
    contacts = _paired_contacts(county)
    return {
        "schedule": schedule_cases(),
        "work_plans": {
            "late": unit[_WORK_PLAN_LATE],
            "started_late": unit[_WORK_PLAN_STARTED_LATE],
            "missing": tuple(unit[n] for n in _WORK_PLAN_MISSING),
        },
        "liaisons": {"missing": from_unit, "several": to_unit, "moved": moved},
        "paired_lead_not_from_lead_unit": contacts[-1],
        "round_unpublished": 2,
        "commitment_missing": (2, unit["县人力资源和社会保障局"]),
        "commitment_not_yet_due": (3, unit["县城市管理局"]),
        "reception_quiet_q3": county.county_leaders[2],
        "service_commitment_unpublished": county.county_leaders[5],
        "township_surveys": tuple(_TOWNSHIP_UNITS),
    }


def programme_rows(
    settings: Settings,
    county: _County,
    rows: dict[str, list[dict[str, Any]]],
    dates: dict[int, dt.date],
) -> dict[str, list[dict[str, Any]]]:
    """The rows this stage replaces (units, cadres, projects, survey_results with the
    townships' own surveys) and adds (the programme's datasets)."""
    units = programme_units(county)
    cadres = programme_cadres(county)
    return {
        "units": units,
        "cadres": cadres,
        "projects": programme_projects(county, rows["projects"]),
        "survey_results": rows["survey_results"] + township_survey_results(settings, dates),
        "survey_rounds": survey_rounds(),
        "county_rankings": county_rankings(),
        "work_plans": work_plans(settings, units),
        "commitments": commitments(county, cadres, dates),
        "receptions": receptions(county),
    }
