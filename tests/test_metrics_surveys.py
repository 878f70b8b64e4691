"""Satisfaction surveys 满意度测评: ranking, bottom 1 / bottom 2, accountability 问责."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from app.metrics._frames import conform
from app.metrics.surveys import (
    ACCOUNTABILITY_COLUMNS,
    RANKING_COLUMNS,
    accountability,
    missing_from_rounds,
    survey_ranking,
)
from app.settings import Settings

SETTINGS = Settings()


def units() -> pd.DataFrame:
    rows = [(f"PM{i}", f"党群{i}", "party_mass") for i in range(1, 5)]
    rows += [(f"G{i}", f"政府{i}", "government") for i in range(1, 6)]
    rows += [(f"V{i}", f"垂直{i}", "vertical") for i in range(1, 4)]
    rows += [("TS1", "乡镇一", "township"), ("O1", "其他", "other")]
    return conform(pd.DataFrame(rows, columns=["unit_code", "name", "category"]), "units")


ROUND_2 = {
    "PM1": 90,
    "PM2": 85,
    "PM3": 80,
    "PM4": 70,
    "G1": 95,
    "G2": 90,
    "G3": 80,
    "G4": 80,
    "G5": 75,
    "V1": 88,
    "V2": 70,
    "V3": 70,
}
ROUND_3 = {
    "PM1": 70,
    "PM2": 85,
    "PM3": 80,
    "PM4": 60,
    "G1": 95,
    "G3": 85,
    "G4": 80,
    "G5": 75,  # G2 absent from round 3
    "V1": 88,
    "V2": 90,
    "V3": 60,
}


def results(rounds: tuple[int, ...] = (1, 2, 3)) -> pd.DataFrame:
    rows = []
    if 1 in rounds:
        for code in ["PM1", "PM2", "PM3", "G1", "V1"]:
            rows.append((2011, 1, code, 80.0, dt.date(2010, 12, 5)))
        rows.append((2011, 1, "G3", 80.0, None))  # no own date: the round's date applies
    for round_, scores in ((2, ROUND_2), (3, ROUND_3)):
        if round_ in rounds:
            for code, score in scores.items():
                rows.append(
                    (2011, round_, code, float(score), dt.date(2011, 5 + 6 * (round_ - 2), 20))
                )
    rows.append((2010, 2, "PM1", 10.0, dt.date(2010, 5, 20)))  # another year
    columns = ["year", "round", "unit_code", "score", "survey_date"]
    return conform(pd.DataFrame(rows, columns=columns), "survey_results")


def rectifications() -> pd.DataFrame:
    rows = [
        (2011, 1, "PM1", dt.date(2010, 12, 15)),  # on the due date: on time
        (2011, 1, "PM2", dt.date(2010, 12, 16)),  # one day late
        (2011, 1, "G1", dt.date(2011, 7, 5)),  # after the as-of date of mid-year
        (2011, 1, "V1", dt.date(2010, 12, 10)),
        (2011, 1, "G3", dt.date(2010, 12, 14)),
    ]
    columns = ["year", "round", "unit_code", "submitted_date"]
    return conform(pd.DataFrame(rows, columns=columns), "rectifications")


def complaints() -> pd.DataFrame:
    rows = [
        ("C1", dt.date(2011, 3, 1), "PM1", True),
        ("C2", dt.date(2011, 4, 1), "PM1", True),
        ("C3", dt.date(2011, 5, 1), "G1", True),
        ("C4", dt.date(2011, 6, 1), "G1", True),
        ("C5", dt.date(2011, 6, 2), "V1", False),
        ("C6", dt.date(2011, 6, 3), "V1", False),
        ("C7", dt.date(2011, 6, 4), "V1", False),
        ("C8", dt.date(2010, 6, 4), "V2", True),  # last year
        ("C9", dt.date(2011, 2, 1), "V2", True),
    ]
    columns = ["complaint_id", "received_date", "unit_code", "verified"]
    frame = pd.DataFrame(rows, columns=columns).assign(channel="hotline")
    return conform(frame, "complaints")


def actions(frame: pd.DataFrame, action: str) -> list[tuple]:
    part = frame[frame["action"] == action]
    return sorted(
        (code, None if pd.isna(r) else int(r))
        for code, r in zip(part["unit_code"], part["round"], strict=True)
    )


def test_ranking_within_category_bottom_1_and_bottom_2_with_ties() -> None:
    ranking = survey_ranking(results(), units(), 2011, SETTINGS, complaints=complaints())
    assert list(ranking.columns) == list(RANKING_COLUMNS) + ["verified_complaints"]
    r2 = ranking[ranking["round"] == 2].set_index("unit_code")
    assert r2.loc[["PM1", "PM2", "PM3", "PM4"], "rank"].tolist() == [1, 2, 3, 4]
    assert r2.loc[r2["bottom"] & (r2["category"] == "party_mass")].index.tolist() == ["PM4"]
    # Government bottom 2 of 95, 90, 80, 80, 75: G5 and both 80s (a tie at the boundary).
    assert sorted(r2.index[r2["bottom"] & (r2["category"] == "government")]) == ["G3", "G4", "G5"]
    assert r2.loc[["G3", "G4"], "rank"].tolist() == [3, 3]
    assert r2.loc["G5", "ranked"] == 5
    # Vertical: the last one, here a tie for last.
    assert sorted(r2.index[r2["bottom"] & (r2["category"] == "vertical")]) == ["V2", "V3"]
    assert r2.loc["PM1", "verified_complaints"] == 2
    assert r2.loc["V1", "verified_complaints"] == 0  # unverified complaints do not count
    r3 = ranking[ranking["round"] == 3]
    assert "G2" not in set(r3["unit_code"])  # absent: not ranked
    assert r3.set_index("unit_code").loc["G5", "ranked"] == 4


def test_ranking_without_complaints_and_empty() -> None:
    ranking = survey_ranking(results(), units(), 2011, SETTINGS)
    assert list(ranking.columns) == list(RANKING_COLUMNS)
    empty = survey_ranking(None, None, 2011, SETTINGS)
    assert empty.empty and list(empty.columns) == list(RANKING_COLUMNS)


def test_accountability_full_year() -> None:
    frame = accountability(
        results(), units(), rectifications(), complaints(), 2011, dt.date(2011, 12, 31), SETTINGS
    )
    assert list(frame.columns) == list(ACCOUNTABILITY_COLUMNS)
    assert str(frame["round"].dtype) == "Int64"
    assert actions(frame, "admonish") == [
        ("G3", 2),
        ("G4", 2),
        ("G4", 3),
        ("G5", 2),
        ("G5", 3),
        ("PM4", 2),
        ("PM4", 3),
    ]
    assert actions(frame, "organisational_handling") == [("G4", None), ("G5", None), ("PM4", None)]
    assert actions(frame, "superior_handling") == [("V3", None)]  # V2 was last only once
    assert actions(frame, "rectification_late") == [("G1", 1), ("PM2", 1)]
    assert actions(frame, "rectification_missing") == [("PM3", 1)]
    # PM1 and G1 both have the most verified complaints (2): both are held accountable.
    assert actions(frame, "complaints_accountability") == [("G1", None), ("PM1", None)]
    reason = frame[frame["action"] == "complaints_accountability"]["reason"].iloc[0]
    assert reason == "verified_complaints=2"


def test_rectification_before_and_after_the_due_date() -> None:
    early = accountability(
        results(), units(), rectifications(), None, 2011, dt.date(2010, 12, 15), SETTINGS
    )
    assert actions(early, "rectification_missing") == []  # not yet due
    mid = accountability(
        results(), units(), rectifications(), None, 2011, dt.date(2011, 6, 30), SETTINGS
    )
    # G1 submits in July: missing at the end of June.
    assert actions(mid, "rectification_missing") == [("G1", 1), ("PM3", 1)]
    assert actions(mid, "rectification_late") == [("PM2", 1)]
    longer = dataclasses.replace(
        SETTINGS, survey=dataclasses.replace(SETTINGS.survey, rectification_days=11)
    )
    frame = accountability(
        results(), units(), rectifications(), None, 2011, dt.date(2011, 6, 30), longer
    )
    assert actions(frame, "rectification_late") == []


def test_only_round_2_held_no_organisational_handling() -> None:
    frame = accountability(
        results((1, 2)), units(), None, None, 2011, dt.date(2011, 6, 30), SETTINGS
    )
    assert actions(frame, "organisational_handling") == []
    assert actions(frame, "superior_handling") == []
    assert ("PM4", 2) in actions(frame, "admonish")
    # No rectifications at all: every round-1 unit is missing after the due date.
    assert len(actions(frame, "rectification_missing")) == 6


def test_rounds_after_the_as_of_date_do_not_count() -> None:
    frame = accountability(results(), units(), None, None, 2011, dt.date(2011, 6, 30), SETTINGS)
    assert sorted({r for _, r in actions(frame, "admonish")}) == [2]
    assert actions(frame, "organisational_handling") == []
    reason = frame[frame["action"] == "admonish"].set_index("unit_code").loc["PM4", "reason"]
    assert reason == "round=2; rank=4/4; score=70; bottom_n=1"


def test_bottom_n_from_settings() -> None:
    wider = dataclasses.replace(
        SETTINGS,
        survey=dataclasses.replace(SETTINGS.survey, bottom_n={"party_mass": 2, "government": 1}),
    )
    frame = accountability(results((2,)), units(), None, None, 2011, dt.date(2011, 6, 30), wider)
    assert actions(frame, "admonish") == [("G5", 2), ("PM3", 2), ("PM4", 2)]


def test_no_verified_complaints_no_accountability() -> None:
    none_verified = complaints().assign(verified=False)
    frame = accountability(
        results(), units(), None, none_verified, 2011, dt.date(2011, 12, 31), SETTINGS
    )
    assert actions(frame, "complaints_accountability") == []


def test_missing_from_rounds() -> None:
    missing = missing_from_rounds(results(), units(), 2011)
    pairs = list(zip(missing["round"], missing["unit_code"], strict=True))
    assert (3, "G2") in pairs
    assert (2, "G2") not in pairs
    assert all(code not in {"TS1", "O1"} for _, code in pairs)  # not surveyed categories
    round_1 = sorted(code for r, code in pairs if r == 1)
    assert round_1 == ["G2", "G4", "G5", "PM4", "V2", "V3"]
    assert missing_from_rounds(None, units(), 2011).empty
    assert missing_from_rounds(results(), units(), 2012).empty


def test_empty_inputs() -> None:
    frame = accountability(None, None, None, None, 2011, dt.date(2011, 12, 31), SETTINGS)
    assert frame.empty and list(frame.columns) == list(ACCOUNTABILITY_COLUMNS)
