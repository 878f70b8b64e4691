"""督查督办: findings of the rules as supervision proposals (the items' own rules, steps,
states and lights, are in :mod:`app.metrics.supervision_items`, reached from here too).

Pure: frames in, frames out. A finding is named by (source, subject_code, ref): the subject
is the indicator, project, unit or cadre it is about; ``ref`` what in it (a township of an
indicator, a survey round, a liaison's month, a petitions deadline). An item stays open across
months until it is closed (销号):

- a finding of a past event (a round's admonishment, a missed deadline, a short month) is
  proposed once: any item of it, open or closed, means it has been acted on;
- a standing condition (a red indicator, a stalled project, a cadre behind on days) is proposed
  again after its item is closed if it still holds in a later month, never twice for a month.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from app.metrics._frames import rows_of
from app.metrics.supervision_items import (  # noqa: F401  (the items' rules, reached from here too)
    STATE_COLUMNS,
    STATUS_AFTER,
    faults_by_unit,
    item_ids,
    item_rows,
    light,
    normalised,
    replay,
    states_at,
    step,
    steps,
    text,
    unit_summary,
)
from app.settings import PetitionSettings, SupervisionSettings
from schemas.common import SUPERVISION_SOURCES

# Findings of a past event: proposed once. The others are standing conditions.
ONE_OFF = frozenset(
    {
        "survey_admonish",
        "survey_organisational",
        "survey_superior",
        "rectification_late",
        "rectification_missing",
        "complaints_most",
        "liaison_short",
        "petitions_short",
    }
)
# What the rules propose (the other sources are entered by hand).
PROPOSED = tuple(s for s in SUPERVISION_SOURCES if s not in ("inspection", "instruction"))
_ACTION_SOURCES = {
    "admonish": "survey_admonish",
    "organisational_handling": "survey_organisational",
    "superior_handling": "survey_superior",
    "rectification_late": "rectification_late",
    "rectification_missing": "rectification_missing",
    "complaints_accountability": "complaints_most",
}
FINDING_COLUMNS = ["source", "subject_code", "ref", "unit_code", "cadre_id", "period", "params"]


def township_units(units: pd.DataFrame, townships: pd.DataFrame) -> dict[str, str]:
    """Township code → the unit answering for it (category ``township``): by the unit's
    township_code where the units carry one, else by the same name."""
    people = units[units["category"] == "township"]
    mapping: dict[str, str] = {}
    if "township_code" in people.columns:
        for code, unit in zip(people["township_code"], people["unit_code"], strict=True):
            if text(code):
                mapping[str(code)] = str(unit)
    by_name = dict(zip(people["name"], people["unit_code"], strict=True))
    for code, name in zip(townships["township_code"], townships["name"], strict=True):
        if str(code) not in mapping and name in by_name:
            mapping[str(code)] = str(by_name[name])
    return mapping


def _finding(source: str, subject: Any, ref: Any, unit: Any, cadre: Any, **params: Any) -> dict:
    return {
        "source": source,
        "subject_code": text(subject),
        "ref": text(ref),
        "unit_code": text(unit),
        "cadre_id": text(cadre),
        "params": params,
    }


def findings(
    *,
    month: str,
    settings: SupervisionSettings,
    targets: pd.DataFrame,
    stalled: pd.DataFrame,
    accountability: pd.DataFrame,
    field_days: pd.DataFrame,
    petitions: pd.DataFrame,
    cadres: pd.DataFrame,
    projects: pd.DataFrame,
    township_unit: dict[str, str],
    petition_rules: PetitionSettings,
    as_of: dt.date,
    schedule: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every rule's findings at the end of ``month`` (the frames are the rules' own results
    for that month). Columns: :data:`FINDING_COLUMNS`; ``params`` holds what the finding's
    text needs (names, figures). The rules, by what they read: :func:`indicator_findings`,
    :func:`project_findings`, :func:`action_findings`, :func:`field_findings`,
    :func:`petition_findings` (kept apart by the app, so that an upload of one dataset
    finds again only what reads it)."""
    year = int(month[:4])
    rows = (
        indicator_findings(targets, settings, township_unit)
        + project_findings(stalled, schedule, projects, cadres)
        + action_findings(accountability, year)
        + field_findings(field_days, month)
        + petition_findings(petitions, petition_rules, as_of)
    )
    return finding_frame(rows, month)


def finding_frame(rows: list[dict], month: str) -> pd.DataFrame:
    """Findings (as the rules below give them) as a frame of :data:`FINDING_COLUMNS`."""
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    frame["period"] = month
    return frame


def indicator_findings(
    targets: pd.DataFrame, settings: SupervisionSettings, township_unit: dict[str, str]
) -> list[dict]:
    """Indicators whose light is one of ``propose_lights`` (a township's goes to its unit)."""
    rows: list[dict] = []
    lights = set(settings.propose_lights)
    red = targets[targets["light"].isin(lights)]
    wanted = ["indicator_code", "township_code", "light", "completion", "time_progress"]
    for r in rows_of(red, wanted + ["actual", "target"]):
        township = text(r.township_code)
        rows.append(
            _finding(
                "indicator_red",
                r.indicator_code,
                township,
                township_unit.get(township) if township else None,
                None,
                light=r.light,
                completion=r.completion,
                time_progress=r.time_progress,
                actual=r.actual,
                target=r.target,
            )
        )
    return rows


def project_findings(
    stalled: pd.DataFrame,
    schedule: pd.DataFrame | None,
    projects: pd.DataFrame,
    cadres: pd.DataFrame,
) -> list[dict]:
    """Stalled projects, and late starts, overdue completions, key projects without a lead."""
    rows: list[dict] = []
    unit_of = dict(zip(cadres["cadre_id"], cadres["unit_code"], strict=True))
    lead_units = {}
    if "lead_unit_code" in projects.columns:
        lead_units = dict(zip(projects["project_id"], projects["lead_unit_code"], strict=True))
    for r in rows_of(stalled):
        cadre = text(r.lead_cadre_id)
        unit = text(lead_units.get(r.project_id)) or (unit_of.get(cadre) if cadre else None)
        rows.append(
            _finding(
                "project_stalled",
                r.project_id,
                None,
                unit,
                cadre,
                idle_months=int(r.idle_months),
                last=text(r.last_invested_period),
            )
        )
    if schedule is not None:  # late starts, overdue completions, key projects without a lead
        for r in rows_of(schedule):
            for kind in ("late_start", "overdue", "missing_lead"):
                if bool(getattr(r, kind)):
                    cadre = text(r.lead_cadre_id)
                    unit = text(r.lead_unit_code) or (unit_of.get(cadre) if cadre else None)
                    rows.append(
                        _finding(
                            "project_schedule",
                            r.project_id,
                            kind,
                            unit,
                            cadre,
                            kind=kind,
                            start=r.planned_start,
                            end=r.planned_end,
                            days=r.days_late,
                        )
                    )
    return rows


def action_findings(accountability: pd.DataFrame, year: int) -> list[dict]:
    """Units held accountable by the survey rules (admonish, organisational, superior)."""
    rows: list[dict] = []
    for r in rows_of(accountability):
        source = _ACTION_SOURCES.get(r.action)
        if source is None:
            continue
        round_ = None if pd.isna(r.round) else int(r.round)
        ref = f"{year}-{round_}" if round_ is not None else str(year)
        rows.append(_finding(source, r.unit_code, ref, r.unit_code, None, reason=str(r.reason)))
    return rows


def field_findings(field_days: pd.DataFrame, month: str) -> list[dict]:
    """Cadres behind their days at the grassroots, and liaisons short in a month up to
    ``month``."""
    rows: list[dict] = []
    year = int(month[:4])
    for r in rows_of(field_days):
        if r.status == "behind":
            rows.append(
                _finding(
                    "field_days_behind",
                    r.cadre_id,
                    str(year),
                    r.unit_code,
                    r.cadre_id,
                    days=int(r.days),
                    due=float(r.due),
                    required=int(r.required),
                )
            )
        for short in r.liaison_short_months if isinstance(r.liaison_short_months, list) else []:
            if short <= month:
                rows.append(
                    _finding(
                        "liaison_short", r.cadre_id, short, r.unit_code, r.cadre_id, month=short
                    )
                )
    return rows


def petition_findings(
    petitions: pd.DataFrame, petition_rules: PetitionSettings, as_of: dt.date
) -> list[dict]:
    """Leaders short of cases resolved at a deadline that has passed by ``as_of``."""
    rows: list[dict] = []
    festival, in_year = petition_rules.spring_festival, int(petition_rules.in_year)
    for r in rows_of(petitions[petitions["status"] == "short"]):
        deadlines = []  # only deadlines that have passed
        if as_of > festival and r.before_festival < petition_rules.before_festival_min:
            deadlines.append(("festival", festival.isoformat(), int(r.before_festival)))
        if as_of >= dt.date(in_year, 12, 31) and r.in_year < petition_rules.in_year_min:
            deadlines.append(("year", str(in_year), int(r.in_year)))
        for kind, when, count in deadlines:
            rows.append(
                _finding(
                    "petitions_short",
                    r.cadre_id,
                    f"{kind}:{when}",
                    r.unit_code,
                    r.cadre_id,
                    deadline=kind,
                    when=when,
                    resolved=count,
                )
            )
    return rows


def finding_keys(frame: pd.DataFrame) -> pd.Series:
    """Each finding's (or item's) key, ``source|subject_code|ref``: what names a finding."""
    parts = [frame[c].map(lambda v: text(v) or "") for c in ("source", "subject_code", "ref")]
    return parts[0] + "|" + parts[1] + "|" + parts[2]


def new_proposals(found: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The findings not yet acted on (see the module's rule), in the findings' order."""
    if found.empty or items.empty:
        return found.reset_index(drop=True)
    stored = normalised(items)
    known = finding_keys(stored)
    wanted = finding_keys(found)
    any_item = set(known)
    open_items = set(known[stored["status"] != "closed"])
    same_month = set(known[stored["period"].isin(found["period"].unique())])
    one_off = found["source"].isin(ONE_OFF)
    drop = (one_off & wanted.isin(any_item)) | wanted.isin(open_items) | wanted.isin(same_month)
    return found[~drop].reset_index(drop=True)
