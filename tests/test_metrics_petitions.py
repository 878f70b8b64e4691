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
YEAR_END = D(2011, 12, 31)  # every deadline has passed: no cadre is "not yet due"


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
    frame = petition_status(cadres(), petitions(), SETTINGS, YEAR_END)
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
    table = petition_status(cadres(), petitions(), later, YEAR_END).set_index("cadre_id")
    assert table["status"].to_dict() == {"K1": "met", "K2": "met", "K3": "met"}
    next_year = dataclasses.replace(
        SETTINGS,
        petitions=dataclasses.replace(SETTINGS.petitions, in_year=2012, leading_levels=["county"]),
    )
    table = petition_status(cadres(), petitions(), next_year, D(2012, 12, 31)).set_index("cadre_id")
    assert table.index.tolist() == ["K1"] and table.loc["K1", "in_year"] == 0


def test_open_cases_by_type() -> None:
    frame = open_cases_by_type(petitions(), YEAR_END)
    assert list(frame.columns) == list(OPEN_COLUMNS)
    assert frame["dispute_type"].tolist()[:2] == ["labour", "litigation"]
    table = frame.set_index("dispute_type")
    assert table.loc["land", "open"] == 2 and table.loc["land", "prominent_open"] == 1
    assert int(table["open"].sum()) == 2


def test_empty_inputs() -> None:
    frame = petition_status(None, None, SETTINGS, YEAR_END)
    assert frame.empty and list(frame.columns) == list(STATUS_COLUMNS)
    frame = petition_status(cadres(), None, SETTINGS, YEAR_END)
    assert frame["status"].tolist() == ["short"] * 3
    assert open_cases_by_type(None, YEAR_END)["open"].sum() == 0


def test_what_was_known_at_the_as_of_date() -> None:
    """At 2011-06-30: P2 (resolved 1 Aug) is still open then, P8 and P9 are open; a case
    received later is not counted at all."""
    later_case = ("P11", "K1", D(2011, 7, 1), D(2011, 7, 2), "land", True)
    cases = pd.concat(
        [
            petitions(),
            conform(
                pd.DataFrame(
                    [later_case],
                    columns=[
                        "case_id",
                        "cadre_id",
                        "received_date",
                        "resolved_date",
                        "dispute_type",
                        "prominent",
                    ],
                ),
                "petitions",
            ),
        ]
    )
    table = petition_status(cadres(), cases, SETTINGS, D(2011, 6, 30)).set_index("cadre_id")
    assert table.loc["K1", ["before_festival", "in_year", "open_cases"]].tolist() == [1, 1, 1]
    open_june = open_cases_by_type(cases, D(2011, 6, 30)).set_index("dispute_type")["open"]
    assert open_june["labour"] == 1 and open_june["land"] == 2  # P2 still open; P8, P9
    open_december = open_cases_by_type(cases, YEAR_END).set_index("dispute_type")["open"]
    assert open_december["labour"] == 0


def test_a_deadline_still_to_come_is_not_short() -> None:
    """The festival deadline (3 Feb) and the year's (31 Dec): a cadre is ``short`` only for a
    deadline that has passed, ``not_yet_due`` while one is still to come."""

    def status(as_of: dt.date) -> dict[str, str]:
        frame = petition_status(cadres(), petitions(), SETTINGS, as_of)
        return frame.set_index("cadre_id")["status"].to_dict()

    # January: K1 has met the festival's 1 but has 1 of 2 in the year (P2 comes in August).
    assert status(D(2011, 1, 31)) == {"K1": "not_yet_due", "K2": "not_yet_due", "K3": "not_yet_due"}
    # June: the festival has passed; K2 resolved none by then → short. K3 met the festival
    # (2) but has 1 of 2 in the year, due in December → not yet due.
    assert status(D(2011, 6, 30)) == {"K1": "not_yet_due", "K2": "short", "K3": "not_yet_due"}
    # August: K1 has both → met.
    assert status(D(2011, 8, 31))["K1"] == "met"
    # The year's end: nothing is not yet due.
    assert set(status(YEAR_END).values()) == {"met", "short"}
