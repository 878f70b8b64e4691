"""Petitions 信访维稳: 1 prominent case before Spring Festival (3 Feb 2011) and 2 in 2011."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from app.metrics._frames import conform
from app.metrics.petitions import (
    OPEN_COLUMNS,
    STATUS_COLUMNS,
    open_cases_by_type,
    petition_status,
)
from app.settings import Settings
from tests.helpers.people import cadres

SETTINGS = Settings()
D = dt.date


def petitions() -> pd.DataFrame:
    rows = [
        # K1: one before the festival (also in 2011) and a second in 2011 → met.
        ("P1", "K1", D(2010, 12, 1), D(2011, 1, 20), "land", True),
        ("P2", "K1", D(2011, 3, 1), D(2011, 8, 1), "labour", True),
        # K2: two in 2011 but none by the festival → short.
        ("P3", "K2", D(2011, 1, 1), D(2011, 2, 4), "mining", True),
        ("P4", "K2", D(2011, 1, 1), D(2011, 5, 1), "mining", True),
        # K3: on the festival day and in December 2010; one in 2011; the other is not prominent.
        ("P5", "K3", D(2010, 11, 1), D(2011, 2, 3), "reservoir", True),
        ("P6", "K3", D(2010, 11, 1), D(2010, 12, 20), "subsidy", True),
        ("P7", "K3", D(2011, 1, 1), D(2011, 6, 1), "other", False),
        ("P8", "K3", D(2011, 1, 1), None, "land", True),  # open
        ("P9", "K2", D(2011, 1, 1), None, "land", None),  # open, prominence unknown
        ("P10", "L1", D(2011, 1, 1), D(2011, 1, 2), "labour", True),  # liaison: not listed
    ]
    columns = ["case_id", "cadre_id", "received_date", "resolved_date", "dispute_type", "prominent"]
    return conform(pd.DataFrame(rows, columns=columns), "petitions")


def test_before_festival_and_in_year() -> None:
    frame = petition_status(cadres(), petitions(), SETTINGS)
    assert list(frame.columns) == list(STATUS_COLUMNS)
    assert frame["cadre_id"].tolist() == ["K1", "K2", "K3"]  # leading cadres only
    table = frame.set_index("cadre_id")
    assert table.loc["K1", ["before_festival", "in_year", "status"]].tolist() == [1, 2, "met"]
    assert table.loc["K2", ["before_festival", "in_year", "status"]].tolist() == [0, 2, "short"]
    assert table.loc["K3", ["before_festival", "in_year", "status"]].tolist() == [2, 1, "short"]
    assert table.loc["K3", "open_cases"] == 1 and table.loc["K2", "open_cases"] == 1


def test_dates_and_minimums_from_settings() -> None:
    later = dataclasses.replace(
        SETTINGS,
        petitions=dataclasses.replace(
            SETTINGS.petitions, spring_festival=D(2011, 2, 4), in_year_min=1
        ),
    )
    table = petition_status(cadres(), petitions(), later).set_index("cadre_id")
    assert table["status"].to_dict() == {"K1": "met", "K2": "met", "K3": "met"}
    next_year = dataclasses.replace(
        SETTINGS,
        petitions=dataclasses.replace(SETTINGS.petitions, in_year=2012, leading_levels=["county"]),
    )
    table = petition_status(cadres(), petitions(), next_year).set_index("cadre_id")
    assert table.index.tolist() == ["K1"] and table.loc["K1", "in_year"] == 0


def test_open_cases_by_type() -> None:
    frame = open_cases_by_type(petitions())
    assert list(frame.columns) == list(OPEN_COLUMNS)
    assert frame["dispute_type"].tolist()[:2] == ["labour", "litigation"]
    table = frame.set_index("dispute_type")
    assert table.loc["land", "open"] == 2 and table.loc["land", "prominent_open"] == 1
    assert int(table["open"].sum()) == 2


def test_empty_inputs() -> None:
    frame = petition_status(None, None, SETTINGS)
    assert frame.empty and list(frame.columns) == list(STATUS_COLUMNS)
    frame = petition_status(cadres(), None, SETTINGS)
    assert frame["status"].tolist() == ["short"] * 3
    assert open_cases_by_type(None)["open"].sum() == 0
