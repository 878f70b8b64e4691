"""Petitions and stability 信访维稳: each leading cadre's prominent cases 突出问题 resolved 化解.

The contract's rule: each ``county``, ``unit`` and ``township`` cadre resolves at least [1]
prominent case on or before Spring Festival [2011-02-03], and at least [2] with a resolved date
in the calendar year [2011]. Every figure is "what was known at the as-of date": the page, the
bulletin, the workbook and the command line all count the cases known by then.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from app.metrics._frames import conform, empty_frame, timestamp, typed
from app.settings import Settings
from schemas.common import DISPUTE_TYPES

STATUS_COLUMNS: dict[str, str] = {
    "cadre_id": "str",
    "name": "str",
    "unit_code": "str",
    "level": "str",
    "before_festival": "int64",
    "in_year": "int64",
    "open_cases": "int64",
    "status": "str",
}

OPEN_COLUMNS: dict[str, str] = {
    "dispute_type": "str",
    "open": "int64",
    "prominent_open": "int64",
}


def cases_as_of(petitions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """信访 cases as known at the end of ``as_of``: cases received later are left out, and a
    case resolved later is still open then (a past month's report keeps its numbers)."""
    cases = conform(petitions, "petitions").drop_duplicates("case_id", keep="last")
    stamp = pd.Timestamp(as_of)
    cases = cases[~(cases["received_date"] > stamp)].copy()
    resolved = cases["resolved_date"]
    cases["resolved_date"] = resolved.where(~(resolved > stamp))
    return cases.reset_index(drop=True)


def petition_status(
    cadres: pd.DataFrame, petitions: pd.DataFrame, settings: Settings, as_of: dt.date
) -> pd.DataFrame:
    """包案化解 status at ``as_of`` of every leading cadre (levels ``settings.petitions.leading_levels``),
    from the cases known then (:func:`cases_as_of`).

    Columns: cadre_id, name, unit_code, level, before_festival (prominent cases resolved on or
    before ``settings.petitions.spring_festival`` 春节前), in_year (prominent cases resolved in
    calendar year ``settings.petitions.in_year``; a case may count in both), open_cases (cases
    of any kind still open), status: ``met`` when both minimums (``before_festival_min``,
    ``in_year_min``) are reached; ``short`` when a minimum is not reached and its deadline
    (the festival; the end of the year) has passed; ``not_yet_due`` otherwise: a cadre is not
    behind on a deadline still to come (at the year's end nothing is not yet due). Ordered by
    level, then cadre_id.
    """
    cfg = settings.petitions
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    levels = list(cfg.leading_levels)
    people = people[people["level"].isin(levels)]
    if people.empty:
        return empty_frame(STATUS_COLUMNS)
    cases = cases_as_of(petitions, as_of)
    resolved = cases["resolved_date"]
    prominent = cases["prominent"].fillna(False).astype(bool)
    before = cases[prominent & (resolved <= timestamp(cfg.spring_festival))]
    during = cases[prominent & (resolved.dt.year == int(cfg.in_year))]
    still_open = cases[resolved.isna()]

    frame = people[["cadre_id", "name", "unit_code", "level"]].copy()
    for column, part in (
        ("before_festival", before),
        ("in_year", during),
        ("open_cases", still_open),
    ):
        frame[column] = frame["cadre_id"].map(part.groupby("cadre_id").size()).fillna(0)
    festival_met = frame["before_festival"] >= cfg.before_festival_min
    year_met = frame["in_year"] >= cfg.in_year_min
    festival_passed = as_of > cfg.spring_festival
    year_passed = as_of >= dt.date(int(cfg.in_year), 12, 31)
    short = (~festival_met & festival_passed) | (~year_met & year_passed)
    frame["status"] = np.where(
        festival_met & year_met, "met", np.where(short, "short", "not_yet_due")
    )
    frame["_order"] = frame["level"].map({level: i for i, level in enumerate(levels)})
    frame = frame.sort_values(["_order", "cadre_id"], kind="stable")
    return typed(frame, STATUS_COLUMNS)


def open_cases_by_type(petitions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open cases 未化解案件 at ``as_of`` by dispute type 矛盾类型 (劳资、涉法涉诉、企业改制、征地拆迁 …).

    One row per dispute type in the contract's order, zeros included. Columns: dispute_type,
    open (cases without a resolved date then), prominent_open (of which prominent 突出问题).
    """
    cases = cases_as_of(petitions, as_of)
    still_open = cases[cases["resolved_date"].isna()]
    order = pd.Index(DISPUTE_TYPES, name="dispute_type")
    prominent = still_open[still_open["prominent"].fillna(False).astype(bool)]
    out = pd.DataFrame(
        {
            "open": still_open.groupby("dispute_type").size().reindex(order).fillna(0),
            "prominent_open": prominent.groupby("dispute_type").size().reindex(order).fillna(0),
        },
        index=order,
    ).reset_index()
    return typed(out, OPEN_COLUMNS)
