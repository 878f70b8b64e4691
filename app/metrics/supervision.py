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
import itertools

import numpy as np
import pandas as pd

from app.metrics._frames import mapped
from app.metrics.supervision_found import (  # noqa: F401  (the findings' columns, reached from here too)
    FINDING_COLUMNS,
    KEY_COLUMNS,
    PARAM_COLUMNS,
    PARAMS,
    _found,
    _in_order,
    _texts,
    finding_frame,
    finding_table,
    to_frame,
)
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
    for that month). Columns: :data:`FINDING_COLUMNS`; the ``p_`` columns hold what the finding's
    text needs (names, figures). The rules, by what they read: :func:`indicator_findings`,
    :func:`project_findings`, :func:`action_findings`, :func:`field_findings`,
    :func:`petition_findings` (kept apart by the app, so that an upload of one dataset
    finds again only what reads it)."""
    year = int(month[:4])
    parts = [
        indicator_findings(targets, settings, township_unit),
        project_findings(stalled, schedule, projects, cadres),
        action_findings(accountability, year),
        field_findings(field_days, month),
        petition_findings(petitions, petition_rules, as_of),
    ]
    return finding_frame(parts, month)


def indicator_findings(
    targets: pd.DataFrame, settings: SupervisionSettings, township_unit: dict[str, str]
) -> pd.DataFrame:
    """Indicators whose light is one of ``propose_lights`` (a township's goes to its unit)."""
    wanted = ["light", "completion", "time_progress", "actual", "target"]
    hit = np.flatnonzero(targets["light"].isin(set(settings.propose_lights)).to_numpy())
    red = targets[["indicator_code", "township_code", *wanted]].take(hit)  # what it reads
    township = _texts(red["township_code"], len(red))
    return _in_order(
        [
            _found(
                "indicator_red",
                red["indicator_code"],
                township,
                mapped(township, pd.Index(township_unit), pd.Series(township_unit.values())),
                None,
                {name: red[name] for name in wanted},
                np.arange(len(red)),
            )
        ]
    )


def project_findings(
    stalled: pd.DataFrame,
    schedule: pd.DataFrame | None,
    projects: pd.DataFrame,
    cadres: pd.DataFrame,
) -> pd.DataFrame:
    """Stalled projects, and late starts, overdue completions, key projects without a lead."""

    def units(lead_units: pd.Series, lead_cadres: pd.Series) -> pd.Series:
        """The lead unit where there is one, else the lead cadre's unit."""
        cadre = _texts(lead_cadres, len(lead_cadres))
        theirs = mapped(pd.Series(cadre, dtype="str"), cadres["cadre_id"], cadres["unit_code"])
        return _texts(lead_units, len(lead_units)).fillna(_texts(theirs, len(theirs)))

    lead_units = pd.Series([None] * len(stalled), dtype=object)
    if "lead_unit_code" in projects.columns:
        lead_units = mapped(
            stalled["project_id"].astype("str"), projects["project_id"], projects["lead_unit_code"]
        )
    parts = [
        _found(
            "project_stalled",
            stalled["project_id"],
            None,
            units(lead_units, stalled["lead_cadre_id"]),
            stalled["lead_cadre_id"],
            {
                "idle_months": stalled["idle_months"],
                "last": _texts(stalled["last_invested_period"], len(stalled)),
            },
            np.arange(len(stalled)) - len(stalled),  # before the schedule's
        )
    ]
    if schedule is not None:  # late starts, overdue completions, key projects without a lead
        answering = units(schedule["lead_unit_code"], schedule["lead_cadre_id"])
        for order, kind in enumerate(("late_start", "overdue", "missing_lead")):
            rows = np.flatnonzero(schedule[kind].fillna(False).astype(bool).to_numpy())
            these = schedule.take(rows)
            parts.append(
                _found(
                    "project_schedule",
                    these["project_id"],
                    kind,
                    answering.take(rows),
                    these["lead_cadre_id"],
                    {
                        "kind": kind,
                        "start": these["planned_start"],
                        "end": these["planned_end"],
                        "days": these["days_late"],
                    },
                    rows + order / 4,
                )
            )
    return _in_order(parts)


def action_findings(accountability: pd.DataFrame, year: int) -> pd.DataFrame:
    """Units held accountable by the survey rules (admonish, organisational, superior)."""
    acted = accountability[accountability["action"].isin(list(_ACTION_SOURCES))]
    rounds = [None if pd.isna(r) else int(r) for r in acted["round"].tolist()]
    return _in_order(
        [
            _found(
                acted["action"].map(_ACTION_SOURCES),
                acted["unit_code"],
                [f"{year}-{r}" if r is not None else str(year) for r in rounds],
                acted["unit_code"],
                None,
                {"reason": acted["reason"].astype("str")},
                np.arange(len(acted)),
            )
        ]
    )


def field_findings(field_days: pd.DataFrame, month: str) -> pd.DataFrame:
    """Cadres behind their days at the grassroots, and liaisons short in a month up to
    ``month``."""
    year = int(month[:4])
    rows = np.flatnonzero((field_days["status"] == "behind").fillna(False).to_numpy())
    who = field_days[["cadre_id", "unit_code"]]
    behind = field_days[["cadre_id", "unit_code", "days", "due", "required"]].take(rows)
    parts = [
        _found(
            "field_days_behind",
            behind["cadre_id"],
            str(year),
            behind["unit_code"],
            behind["cadre_id"],
            {"days": behind["days"], "due": behind["due"], "required": behind["required"]},
            rows,
        )
    ]
    # Each cadre's short months up to ``month``, in the cadre's order, a row each.
    lists = [v if isinstance(v, list) else [] for v in field_days["liaison_short_months"].tolist()]
    counts = np.fromiter(map(len, lists), dtype="int64", count=len(lists))
    months = np.asarray(list(itertools.chain.from_iterable(lists)), dtype=object).astype("str")
    kept = months <= month
    place = np.repeat(np.arange(len(lists)), counts)[kept]
    shorts = pd.Series(months[kept], dtype="str")
    # Each one's place among its cadre's months kept (the cadre's rows are together).
    starts = np.flatnonzero(np.r_[True, place[1:] != place[:-1]]) if len(place) else place
    order = np.arange(len(place)) - np.repeat(starts, np.diff(np.r_[starts, len(place)]))
    order = order.astype("float64")
    at = place + (order + 1) / (2 + (order.max() if len(order) else 0))
    short_rows = who.take(place)
    parts.append(
        _found(
            "liaison_short",
            short_rows["cadre_id"],
            shorts,
            short_rows["unit_code"],
            short_rows["cadre_id"],
            {"month": shorts},
            at,
        )
    )
    return _in_order(parts)


def petition_findings(
    petitions: pd.DataFrame, petition_rules: PetitionSettings, as_of: dt.date
) -> pd.DataFrame:
    """Leaders short of cases resolved at a deadline that has passed by ``as_of``."""
    festival, in_year = petition_rules.spring_festival, int(petition_rules.in_year)
    rows = np.flatnonzero((petitions["status"] == "short").fillna(False).to_numpy())
    short = petitions[["cadre_id", "unit_code", "before_festival", "in_year"]].take(rows)
    parts = []
    # Only deadlines that have passed.
    for order, (kind, when, column, minimum, passed) in enumerate(
        (
            (
                "festival",
                festival.isoformat(),
                "before_festival",
                petition_rules.before_festival_min,
                as_of > festival,
            ),
            (
                "year",
                str(in_year),
                "in_year",
                petition_rules.in_year_min,
                as_of >= dt.date(in_year, 12, 31),
            ),
        )
    ):
        if not passed:
            continue
        hit = np.flatnonzero((short[column] < minimum).fillna(False).to_numpy())
        these = short.take(hit)
        parts.append(
            _found(
                "petitions_short",
                these["cadre_id"],
                f"{kind}:{when}",
                these["unit_code"],
                these["cadre_id"],
                {"deadline": kind, "when": when, "resolved": these[column]},
                rows[hit] + order / 2,
            )
        )
    if not parts:
        return _found("petitions_short", [], None, [], [], {}, [])
    return _in_order(parts)


def finding_keys(frame: pd.DataFrame) -> pd.Series:
    """Each finding's (or item's) key, ``source|subject_code|ref``: what names a finding."""
    parts = [_texts(frame[c], len(frame)).fillna("") for c in ("source", "subject_code", "ref")]
    return (parts[0] + "|" + parts[1] + "|" + parts[2]).set_axis(frame.index)


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
