"""Build the whole demo county and seed a store with it: the package's entry points.

``build_demo()`` runs every stage (master data, indicators, projects, surveys, field
activities, petitions) and returns one frame per dataset of ``schemas.DATASETS`` with its
canonical dtypes; ``seed_demo(store)`` writes them into a store, master data first;
``scenarios()`` names the entities built to exercise each rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from app.demo.build_actions import appraisal_scores, supervision_items
from app.demo.build_county import _build_county
from app.demo.build_field import _field_activities, _field_cases, _petition_cases, _petitions
from app.demo.build_indicators import _indicator_values, _township_targets
from app.demo.build_programme import programme_rows, programme_scenarios
from app.demo.build_projects import _projects
from app.demo.build_surveys import _complaints, _rectifications, _survey_dates, _survey_results
from app.demo.data import _MONTHS_2011, DEMO_METADATA, DEMO_YEAR
from app.demo.data_indicators import (
    _FAI_BEHIND,
    _FUNDS_BEHIND,
    _GAP_INDICATOR,
    _GAP_PERIOD,
    _RED_INDICATORS,
    _YELLOW_INDICATORS,
    _indicators,
)
from app.demo.data_projects import _NEAR_STALLED_PROJECT, _RESUMED_PROJECT, _STALLED_PROJECTS
from app.demo.data_surveys import (
    _ABSENT,
    _MOST_COMPLAINED,
    _RECTIFICATION_LATE,
    _RECTIFICATION_MISSING,
    _RECTIFICATION_ON_DUE_DATE,
)
from app.settings import Settings
from schemas import DATASETS
from schemas.registry import MASTER_ORDER

if TYPE_CHECKING:
    from app.store import Store


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a frame with exactly the dataset's columns and canonical dtypes."""
    spec = DATASETS[name]
    frame = pd.DataFrame(rows, columns=spec.column_names)
    for column in spec.columns:
        values = frame[column.name]
        if column.type == "str":
            frame[column.name] = pd.array(
                [None if pd.isna(v) else str(v) for v in values], dtype="str"
            )
        elif column.type == "int":
            frame[column.name] = pd.array(values, dtype="Int64")
        elif column.type == "float":
            frame[column.name] = pd.to_numeric(values).astype("float64")
        elif column.type == "bool":
            frame[column.name] = pd.array(values, dtype="boolean")
        elif column.type == "date":
            frame[column.name] = pd.to_datetime(values).astype("datetime64[ns]")
    return frame


def build_demo(settings: Settings | None = None) -> dict[str, pd.DataFrame]:
    """The demo county: one frame per dataset of ``schemas.DATASETS``, valid under its schema.

    Targets, thresholds and dates come from ``settings`` (the defaults where None); the same
    settings always give the same frames.
    """
    settings = settings or Settings()
    county = _build_county()
    indicators = _indicators(settings)
    township_targets = _township_targets(settings)
    targets = [
        {
            "year": DEMO_YEAR,
            "indicator_code": ind.code,
            "township_code": None,
            "target": ind.target,
            "stretch_target": (
                settings.project_year.funds_stretch
                if ind.code == settings.project_year.funds_code
                else None
            ),
        }
        for ind in indicators
    ]
    for code, by_township in township_targets.items():
        targets += [
            {
                "year": DEMO_YEAR,
                "indicator_code": code,
                "township_code": t,
                "target": v,
                "stretch_target": None,
            }
            for t, v in by_township.items()
        ]
    values = _indicator_values(settings, indicators, township_targets)
    fai = settings.project_year.fai_code
    fai_to_date = sum(
        r["value"]
        for r in values
        if r["indicator_code"] == fai and r["township_code"] is None and r["period"] in _MONTHS_2011
    )
    projects, progress = _projects(settings, county, fai_to_date)
    rows: dict[str, list[dict[str, Any]]] = {
        "townships": county.townships,
        "villages": county.villages,
        "units": county.units,
        "cadres": county.cadres,
        "pairings": county.pairings,
        "indicators": [
            {
                "indicator_code": i.code,
                "item": i.item,
                "name": i.name,
                "name_en": i.name_en,
                "unit": i.unit,
                "direction": i.direction,
                "aggregation": i.aggregation,
            }
            for i in indicators
        ],
        "targets": targets,
        "projects": projects,
        "indicator_values": values,
        "project_progress": progress,
        "survey_results": _survey_results(settings, county),
        "rectifications": _rectifications(settings, county),
        "complaints": _complaints(county),
        "field_activities": _field_activities(settings, county),
        "petitions": _petitions(settings, county),
    }
    rows.update(programme_rows(settings, county, rows, _survey_dates(settings)))
    frames = {name: _frame(name, rows.get(name, [])) for name in DATASETS}
    # What people enter by hand: the 督办 register (from the rules' findings) and the
    # leaders' evaluation scores.
    frames["supervision_items"] = _frame("supervision_items", supervision_items(frames, settings))
    frames["appraisal_scores"] = _frame("appraisal_scores", appraisal_scores(frames, DEMO_YEAR))
    return {name: frames[name] for name in DATASETS}


def seed_demo(store: Store, settings: Settings | None = None) -> None:
    """Initialise ``store`` as a demo store and write the demo county into it, master data first."""
    frames = build_demo(settings)
    store.init(demo=True, write_marker=False)
    order = list(MASTER_ORDER) + [name for name in DATASETS if name not in MASTER_ORDER]
    for name in order:
        store.commit(name, frames[name], "overwrite", dict(DEMO_METADATA))
    from app.auth import seed_demo_accounts

    seed_demo_accounts(store)
    # The marker goes last: a seed interrupted midway is redone on the next start.
    store.mark_ready(demo=True)


def scenarios(settings: Settings | None = None) -> dict[str, Any]:
    """The demo entities built to exercise each rule, by what they show (for tests and docs)."""
    settings = settings or Settings()
    county = _build_county()
    unit = county.unit_by_name
    field = _field_cases(county, settings)
    petitions = _petition_cases(county, settings)
    return {
        "red_indicators": _RED_INDICATORS,
        "yellow_indicators": _YELLOW_INDICATORS,
        "missing_value": (_GAP_INDICATOR, _GAP_PERIOD),
        "townships_behind": {
            settings.project_year.fai_code: tuple(_FAI_BEHIND),
            settings.project_year.funds_code: tuple(_FUNDS_BEHIND),
        },
        "stalled_projects": _STALLED_PROJECTS,
        "not_stalled_two_months": _NEAR_STALLED_PROJECT,
        "stall_resumed": _RESUMED_PROJECT,
        "survey": {
            "party_mass_last_rounds_2_3": unit["县总工会"],
            "government_bottom_rounds_2_3": unit["县国土资源局"],
            "government_bottom_round_2": (unit["县国土资源局"], unit["县人力资源和社会保障局"]),
            "government_bottom_round_3": (
                unit["县住房和城乡建设局"],
                unit["县国土资源局"],
                unit["县城市管理局"],
            ),
            "government_tie_round_3": (unit["县国土资源局"], unit["县城市管理局"]),
            "vertical_last_rounds_2_3": unit["县供电公司"],
            "absent_round_2": tuple(unit[n] for n in _ABSENT["2"]),
            "rectification_late": unit[_RECTIFICATION_LATE],
            "rectification_on_due_date": unit[_RECTIFICATION_ON_DUE_DATE],
            "rectification_missing": tuple(unit[n] for n in _RECTIFICATION_MISSING),
            "most_verified_complaints": unit[_MOST_COMPLAINED],
        },
        "field_days": {
            "behind": tuple(field.behind),
            "met": field.met,
            "liaison_short": field.short_liaison,
            "liaison_short_months": tuple(
                f"{DEMO_YEAR}-{m:02d}" for m in sorted(field.short_months)
            ),
            "new_year_span": field.new_year,
        },
        "programme": programme_scenarios(county),
        "petitions": {
            "no_prominent_before_festival": tuple(petitions.late_prominent),
            "fewer_than_two_in_year": petitions.one_in_year,
            "no_cases": petitions.no_cases,
            "prominent_on_festival": petitions.on_festival,
        },
    }
