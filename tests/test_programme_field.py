"""四帮四促's own checks: work plans by the 12 December deadline, one liaison per paired unit,
a liaison's days at its unit's contact point, the 32 paired leaders from 人大、政协、公检法、
人武部, reception days per leader and quarter, and the quarter's stability."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from app.metrics import field_days
from app.metrics._frames import conform
from app.metrics.programme import (
    at_contact_point,
    liaisons,
    paired_leads,
    receptions,
    stability_by_quarter,
    work_plan_deadline,
    work_plans,
)
from app.settings import ProgrammeSettings, Settings

SETTINGS = Settings()


def frame(dataset: str, columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows, columns=columns), dataset)


UNITS = frame(
    "units",
    ["unit_code", "name", "category", "paired_lead_unit"],
    [
        ("U1", "on time", "government", False),
        ("U2", "late", "government", False),
        ("U3", "started late", "party_mass", False),
        ("U4", "missing", "vertical", False),
        ("U5", "other: not required", "other", False),
        ("RD", "县人大办", "other", True),
        ("T1", "乡镇", "township", False),
    ],
)


def test_work_plans_by_the_speech_deadline() -> None:
    assert work_plan_deadline(2011, SETTINGS) == dt.date(2010, 12, 12)
    assert work_plan_deadline(2012, SETTINGS) == dt.date(2011, 12, 12)
    plans = frame(
        "work_plans",
        ["year", "unit_code", "submitted_on", "started_on"],
        [
            (2011, "U1", "2010-12-12", "2010-12-12"),  # on the deadline itself: on time
            (2011, "U2", "2010-12-13", "2010-12-13"),
            (2011, "U3", "2010-12-10", "2010-12-20"),
            (2011, "T1", "2010-12-01", "2010-12-05"),
            (2010, "U4", "2009-12-01", "2009-12-05"),  # last campaign's plan: not this one
        ],
    )
    result = work_plans(UNITS, plans, 2011, dt.date(2011, 1, 31), SETTINGS)
    status = dict(zip(result["unit_code"], result["status"], strict=True))
    assert status == {"U1": "on_time", "U2": "late", "U3": "late", "U4": "missing", "T1": "on_time"}
    assert list(result["unit_code"])[0] == "U4"  # missing first
    # Before the deadline nothing is missing yet; a plan submitted after the as-of date is
    # not known on it.
    early = work_plans(UNITS, plans, 2011, dt.date(2010, 12, 11), SETTINGS)
    early_status = dict(zip(early["unit_code"], early["status"], strict=True))
    assert early_status["U4"] == "pending" and early_status["U1"] == "pending"
    assert early_status["U3"] == "pending"  # submitted, start still to come
    assert early_status["T1"] == "on_time"
    assert work_plans(None, None, 2011, dt.date(2011, 1, 31), SETTINGS).empty


CADRES = frame(
    "cadres",
    ["cadre_id", "name", "unit_code", "level"],
    [
        ("L1", "联络员一", "U1", "liaison"),
        ("L2a", "联络员二", "U2", "liaison"),
        ("L2b", "联络员三", "U2", "liaison"),
        ("K1", "领导", "U3", "unit"),
        ("R1", "人大领导", "RD", "county"),
        ("G1", "县政府领导", "U1", "county"),
        ("TL", "乡镇领导", "T1", "township"),
    ],
)
PAIRINGS = frame(
    "pairings",
    ["unit_code", "township_code", "village_code", "contact_cadre_id", "scheme"],
    [
        ("U1", "01", "0101", "R1", "paired"),
        ("U2", "02", None, "G1", "group"),
        ("U3", "03", "0301", "G1", "paired"),
    ],
)


def test_one_liaison_per_paired_unit() -> None:
    result = liaisons(UNITS, CADRES, PAIRINGS)
    status = dict(zip(result["unit_code"], result["status"], strict=True))
    assert status == {"U1": "ok", "U2": "several", "U3": "missing"}
    ids = dict(zip(result["unit_code"], result["liaison_ids"], strict=True))
    assert ids["U2"] == ["L2a", "L2b"] and ids["U3"] == []
    assert liaisons(UNITS, CADRES, None).empty


def test_paired_leaders_come_from_the_lead_units() -> None:
    result = paired_leads(PAIRINGS, CADRES, UNITS)
    assert list(result["unit_code"]) == ["U3", "U1"]  # the ones to fix first
    assert dict(zip(result["unit_code"], result["ok"], strict=True)) == {"U1": True, "U3": False}


def test_liaison_days_count_at_the_contact_point_only() -> None:
    # L1's unit is paired with village 0101 of township 01: 5 days there in March, 5 days in
    # another village in April, 5 days at the township itself in May (no village named).
    acts = frame(
        "field_activities",
        ["activity_id", "cadre_id", "start_date", "end_date", "township_code", "village_code"],
        [
            ("A1", "L1", "2011-03-01", "2011-03-05", "01", "0101"),
            ("A2", "L1", "2011-04-01", "2011-04-05", "01", "0102"),
            ("A3", "L1", "2011-05-01", "2011-05-05", "01", None),
            ("A4", "L1", "2011-06-01", "2011-06-05", "09", "0901"),
            ("A5", "K1", "2011-03-01", "2011-03-05", "09", None),
        ],
    )
    counted = at_contact_point(acts, CADRES, PAIRINGS)
    assert set(counted["activity_id"]) == {"A1", "A3"}
    as_of = dt.date(2011, 6, 30)
    strict = field_days(CADRES, acts, 2011, as_of, SETTINGS, PAIRINGS).set_index("cadre_id")
    loose = field_days(CADRES, acts, 2011, as_of, SETTINGS).set_index("cadre_id")
    assert strict.loc["L1", "liaison_short_months"] == ["2011-01", "2011-02", "2011-04", "2011-06"]
    assert loose.loc["L1", "liaison_short_months"] == ["2011-01", "2011-02"]
    assert strict.loc["L1", "days"] == 20  # the days themselves still count everywhere
    off = dataclasses.replace(SETTINGS, programme=ProgrammeSettings(liaison_at_contact_point=False))
    unset = field_days(CADRES, acts, 2011, as_of, off, PAIRINGS).set_index("cadre_id")
    assert unset.loc["L1", "liaison_short_months"] == ["2011-01", "2011-02"]


def test_a_unit_without_a_pairing_counts_every_day() -> None:
    acts = frame(
        "field_activities",
        ["activity_id", "cadre_id", "start_date", "end_date", "township_code"],
        [("A1", "L1", "2011-03-01", "2011-03-05", "09")],
    )
    assert len(at_contact_point(acts, CADRES, PAIRINGS.iloc[1:])) == 1


def test_receptions_per_leader_and_quarter_with_a_minimum() -> None:
    log = frame(
        "receptions",
        ["reception_id", "cadre_id", "date", "mode", "people"],
        [
            ("J1", "G1", "2011-01-10", "in_person", 5),
            ("J2", "G1", "2011-02-10", "video", 3),
            ("J3", "TL", "2011-04-10", "visit", 2),
            ("J4", "L1", "2011-04-10", "in_person", 9),  # a liaison: not a leading cadre
        ],
    )
    as_of = dt.date(2011, 5, 31)
    result = receptions(CADRES, log, 2011, as_of, SETTINGS)
    counts = {(r.cadre_id, r.quarter): r.count for r in result.itertuples()}
    assert counts == {
        ("R1", "2011-Q1"): 0,
        ("R1", "2011-Q2"): 0,
        ("G1", "2011-Q1"): 2,
        ("G1", "2011-Q2"): 0,
        ("TL", "2011-Q1"): 0,
        ("TL", "2011-Q2"): 1,
    }
    assert int(result["people"].sum()) == 10
    assert not result["short"].any()  # the minimum is off by default
    minimum = dataclasses.replace(
        SETTINGS, programme=ProgrammeSettings(reception_min_per_quarter=1)
    )
    short = receptions(CADRES, log, 2011, as_of, minimum)
    # Only the quarter that has ended counts against the minimum.
    flagged = short[short["short"]]
    assert set(zip(flagged["cadre_id"], flagged["quarter"], strict=True)) == {
        ("R1", "2011-Q1"),
        ("TL", "2011-Q1"),
    }


def test_stability_new_and_resolved_by_quarter() -> None:
    cases = frame(
        "petitions",
        ["case_id", "cadre_id", "received_date", "resolved_date", "dispute_type"],
        [
            ("P1", "G1", "2011-01-05", "2011-04-02", "land"),
            ("P2", "G1", "2011-02-05", None, "land"),
            ("P3", "G1", "2010-12-05", "2011-01-20", "labour"),
            ("P4", "G1", "2011-06-05", "2011-07-01", "labour"),  # resolved after as-of
        ],
    )
    result = stability_by_quarter(cases, 2011, dt.date(2011, 6, 30))
    rows = {(r.quarter, r.dispute_type): (r.new, r.resolved) for r in result.itertuples()}
    assert rows == {
        ("2011-Q1", "land"): (2, 0),
        ("2011-Q1", "labour"): (0, 1),
        ("2011-Q2", "land"): (0, 1),
        ("2011-Q2", "labour"): (1, 0),
    }
    assert stability_by_quarter(None, 2011, dt.date(2011, 6, 30)).empty


def test_service_commitments_of_the_county_leaders() -> None:
    from app.metrics.publication import service_commitments

    made = frame(
        "commitments",
        ["commitment_id", "kind", "year", "unit_code", "cadre_id", "made_on", "published_on"],
        [
            ("S1", "service", 2011, "U1", "G1", "2011-01-05", "2011-01-08"),
            ("S2", "service", 2011, "RD", "R1", "2011-01-05", None),
            ("S3", "public", 2011, "U3", "TL", "2011-01-05", "2011-01-08"),  # not a service one
        ],
    )
    result = service_commitments(CADRES, made, 2011, dt.date(2011, 3, 31), SETTINGS)
    assert dict(zip(result["cadre_id"], result["status"], strict=True)) == {
        "R1": "unpublished",
        "G1": "published",
    }
    # Township leaders too, when the setting says so; nothing is known before it is made.
    wider = dataclasses.replace(
        SETTINGS, programme=ProgrammeSettings(service_commitment_levels=["county", "township"])
    )
    early = service_commitments(CADRES, made, 2011, dt.date(2011, 1, 4), wider)
    assert set(early["status"]) == {"missing"} and len(early) == 3


def test_the_receptions_table_has_a_column_per_quarter_and_names_the_short_ones() -> None:
    from app.reports.tables import Names
    from app.reports.tables.programme import receptions as receptions_table

    rows = [  # cadre, name, level, quarter, count, people, short (as the rule gives them)
        ("L2", "李四", "unit", "2011-Q1", 0, 0, True),
        ("L2", "李四", "unit", "2011-Q2", 3, 7, False),
        ("L2", "李四", "unit", "2011-Q3", 0, 0, True),
        ("L1", "张三", "county", "2011-Q1", 2, 5, False),
        ("L1", "张三", "county", "2011-Q2", 0, 0, True),
        ("L1", "张三", "county", "2011-Q3", 1, 1, False),
    ]
    frame = pd.DataFrame(
        rows, columns=["cadre_id", "name", "level", "quarter", "count", "people", "short"]
    )
    zh = receptions_table(frame, Names(), "zh")
    assert zh["cadre_id"].tolist() == ["L1", "L2"]  # in the order of their codes
    assert zh["cadre"].tolist() == ["张三", "李四"]
    assert zh[["2011-Q1", "2011-Q2", "2011-Q3"]].to_numpy().tolist() == [[2, 0, 1], [0, 3, 0]]
    assert zh["receptions"].tolist() == [3, 3] and zh["people"].tolist() == [6, 7]
    assert zh["short_quarters"].tolist() == ["2011-Q2", "2011-Q1、2011-Q3"]
    en = receptions_table(frame, Names(), "en")
    assert en["short_quarters"].tolist() == ["2011-Q2", "2011-Q1, 2011-Q3"]
