"""Surveys, the rest of the programme: rounds 2 and 3 published within [30] days once approved
(round_unpublished), round-1 rectifications published within the same 10 days
(rectification_unpublished), public commitments within [15] days of an admonishment
(commitment_missing), townships ranking their own stations and communities
(township_admonish with its township), and window units marked in the ranking."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from app.metrics import accountability, survey_ranking
from app.metrics._frames import conform
from app.metrics.publication import survey_publication, township_survey_ranking
from app.settings import ProgrammeSettings, Settings

SETTINGS = Settings()


def frame(dataset: str, columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows, columns=columns), dataset)


UNITS = frame(
    "units",
    ["unit_code", "name", "category", "window", "township_code"],
    [
        ("G1", "政府一", "government", True, None),
        ("G2", "政府二", "government", False, None),
        ("G3", "政府三", "government", False, None),
        ("G4", "政府四", "government", False, None),
        ("P1", "党群一", "party_mass", False, None),
        ("P2", "党群二", "party_mass", False, None),
        ("S1", "财政所", "station", False, "01"),
        ("S2", "国土所", "station", False, "01"),
        ("S3", "农服中心", "station", False, "02"),
        ("C1", "东街社区", "community", False, "01"),
    ],
)
RESULT_COLUMNS = ["year", "round", "unit_code", "score", "survey_date"]


def results(rows: list[tuple]) -> pd.DataFrame:
    return frame("survey_results", RESULT_COLUMNS, rows)


ROUND_2 = [
    (2011, 2, "G1", 90.0, "2011-05-20"),
    (2011, 2, "G2", 85.0, "2011-05-20"),
    (2011, 2, "G3", 70.0, "2011-05-20"),
    (2011, 2, "G4", 72.0, "2011-05-20"),
    (2011, 2, "P1", 88.0, "2011-05-20"),
    (2011, 2, "P2", 80.0, "2011-05-20"),
    (2011, 2, "S1", 82.0, "2011-05-20"),
    (2011, 2, "S2", 79.0, "2011-05-20"),
    (2011, 2, "S3", 60.0, "2011-05-20"),
    (2011, 2, "C1", 95.0, "2011-05-20"),
]


def test_a_round_is_published_within_30_days_once_approved() -> None:
    res = results(
        ROUND_2 + [(2011, 3, "G1", 90.0, "2011-11-18"), (2011, 1, "G1", 90.0, "2010-12-15")]
    )
    rounds = frame(
        "survey_rounds",
        ["year", "round", "approved_on", "published_on", "medium"],
        [(2011, 2, "2011-06-02", "2011-06-19", "县电视台"), (2011, 3, "2011-11-25", None, None)],
    )
    as_of = dt.date(2011, 12, 31)
    status = survey_publication(res, rounds, 2011, as_of, SETTINGS).set_index("round")
    assert list(status.index) == [2, 3]  # round 1 is not one of the published rounds
    assert status.loc[2, "status"] == "published" and not status.loc[2, "late"]
    assert status.loc[2, "due"] == pd.Timestamp("2011-06-19")  # 20 May + 30 days
    assert status.loc[3, "status"] == "unpublished"  # due 18 December
    before = survey_publication(res, rounds, 2011, dt.date(2011, 12, 18), SETTINGS)
    assert before.set_index("round").loc[3, "status"] == "not_due"
    # Published but never approved by the joint meeting is not published.
    unapproved = rounds.assign(approved_on=pd.NaT)
    later = survey_publication(res, unapproved, 2011, as_of, SETTINGS).set_index("round")
    assert later.loc[2, "status"] == "unpublished"
    # A publication known only after the as-of date does not count on it.
    june = survey_publication(res, rounds, 2011, dt.date(2011, 6, 18), SETTINGS)
    assert june.set_index("round").loc[2, "status"] == "not_due"
    assert survey_publication(None, None, 2011, as_of, SETTINGS).empty


def test_rectification_submitted_in_time_but_not_published() -> None:
    # Round 1 on 15 December 2010: measures due 25 December (10 days).
    res = results([(2011, 1, u, 85.0, "2010-12-15") for u in ("G1", "G2", "G3", "G4")])
    rect = frame(
        "rectifications",
        ["year", "round", "unit_code", "submitted_date", "published"],
        [
            (2011, 1, "G1", "2010-12-20", True),
            (2011, 1, "G2", "2010-12-24", False),  # on time, not published
            (2011, 1, "G3", "2010-12-30", False),  # late: rectification_late only
            (2011, 1, "G4", "2010-12-25", None),  # on the due date, published unknown
        ],
    )
    actions = accountability(res, UNITS, rect, None, 2011, dt.date(2011, 1, 31), SETTINGS)
    unpublished = actions[actions["action"] == "rectification_unpublished"]
    assert list(unpublished["unit_code"]) == ["G2", "G4"]
    assert list(actions.loc[actions["action"] == "rectification_late", "unit_code"]) == ["G3"]
    assert unpublished["reason"].iloc[0] == "due=2010-12-25; submitted=2010-12-24"
    # A public commitment of round 1 published after the due date: not published in time.
    late_public = frame(
        "commitments",
        ["commitment_id", "kind", "year", "round", "unit_code", "made_on", "published_on"],
        [("X1", "public", 2011, 1, "G1", "2010-12-20", "2010-12-28")],
    )
    again = accountability(
        res, UNITS, rect, None, 2011, dt.date(2011, 1, 31), SETTINGS, late_public
    )
    assert "G1" in set(again.loc[again["action"] == "rectification_unpublished", "unit_code"])
    # Before the due date nobody is flagged yet.
    early = accountability(res, UNITS, rect, None, 2011, dt.date(2010, 12, 24), SETTINGS)
    assert "rectification_unpublished" not in set(early["action"])


def test_an_admonished_unit_commits_publicly_within_15_days() -> None:
    res = results(ROUND_2)
    commitments = frame(
        "commitments",
        ["commitment_id", "kind", "year", "round", "unit_code", "made_on"],
        [
            ("X1", "public", 2011, 2, "G3", "2011-06-04"),  # 15 days after 20 May: in time
            ("X2", "public", 2011, 2, "G4", "2011-06-05"),  # 16 days: too late
            ("X3", "service", 2011, None, "P2", "2011-05-25"),  # a service one does not count
        ],
    )
    as_of = dt.date(2011, 6, 30)
    actions = accountability(res, UNITS, None, None, 2011, as_of, SETTINGS, commitments)
    admonished = set(actions.loc[actions["action"] == "admonish", "unit_code"])
    assert admonished == {"G3", "G4", "P2"}  # government bottom 2, party_mass bottom 1
    missing = actions[actions["action"] == "commitment_missing"]
    assert list(missing["unit_code"]) == ["G4", "P2"]
    assert (
        missing.set_index("unit_code").loc["G4", "reason"] == "due=2011-06-04; made_on=2011-06-05"
    )
    assert set(missing["round"]) == {2}
    # Within the 15 days nothing is missing yet; without the dataset the rule is not applied.
    early = accountability(res, UNITS, None, None, 2011, dt.date(2011, 6, 4), SETTINGS, commitments)
    assert "commitment_missing" not in set(early["action"])
    plain = accountability(res, UNITS, None, None, 2011, as_of, SETTINGS)
    assert "commitment_missing" not in set(plain["action"])


def test_townships_rank_their_own_units() -> None:
    res = results(ROUND_2 + [(2011, 1, "S1", 50.0, "2010-12-15")])
    ranking = township_survey_ranking(res, UNITS, 2011, SETTINGS)
    by_unit = ranking[ranking["round"] == 2].set_index("unit_code")
    # Township 01's two stations; township 02's single station; township 01's community.
    assert by_unit.loc["S2", "rank"] == 2 and by_unit.loc["S2", "ranked"] == 2
    assert by_unit.loc["S2", "bottom"] and not by_unit.loc["S1", "bottom"]
    assert by_unit.loc["S3", "rank"] == 1 and by_unit.loc["S3", "bottom"]
    assert not ranking[ranking["round"] == 1]["bottom"].any()  # round 1 is not accountable
    actions = accountability(res, UNITS, None, None, 2011, dt.date(2011, 6, 30), SETTINGS)
    township = actions[actions["action"] == "township_admonish"]
    assert set(zip(township["unit_code"], township["township_code"], strict=True)) == {
        ("S2", "01"),
        ("S3", "02"),
        ("C1", "01"),
    }
    assert township.set_index("unit_code").loc["S2", "reason"] == "rank=2/2; score=79; bottom_n=1"
    assert actions.loc[actions["action"] == "admonish", "township_code"].isna().all()
    # Their own setting: no township bottom at all.
    off = dataclasses.replace(SETTINGS, programme=ProgrammeSettings(township_bottom_n=0))
    quiet = accountability(res, UNITS, None, None, 2011, dt.date(2011, 6, 30), off)
    assert "township_admonish" not in set(quiet["action"])


def test_the_county_ranking_leaves_township_units_out_and_marks_windows() -> None:
    ranking = survey_ranking(results(ROUND_2), UNITS, 2011, SETTINGS)
    assert not {"S1", "S2", "S3", "C1"} & set(ranking["unit_code"])
    windows = ranking.set_index("unit_code")["window"]
    assert windows["G1"] and not windows["G2"]
