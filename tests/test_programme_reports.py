"""The programme's reports on the demo county that only the pages and documents show: window
units counted on their own, vertical units by superior department and the Word letter to it,
the county's rank as a trend, and the units schema's rule for a township's own units."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pandas as pd
import pandera.pandas as pa
import pytest

from app.reports import compute
from app.reports.superior_letter import letter, superiors
from app.settings import Settings
from app.store import Store
from schemas import DATASETS

YEAR, AS_OF = 2011, dt.date(2011, 11, 30)
SETTINGS = Settings()


def test_window_units_are_counted_on_their_own(demo_store: Store) -> None:
    read = demo_store.read
    counts = compute.window_units(read, SETTINGS, YEAR, AS_OF)
    ranking = compute.survey_ranking_as_of(read, SETTINGS, YEAR, AS_OF)
    for r in counts.itertuples():
        part = ranking[(ranking["round"] == r.round) & (ranking["window"] == r.window)]
        assert r.units == len(part) and r.bottom == int(part["bottom"].sum())
        assert r.mean_score == pytest.approx(round(part["score"].mean(), 1))
    # The demo's 12 window units less the two not surveyed (a township's service areas are
    # ranked within their township): 县国土资源局 and 县住房和城乡建设局 are among them.
    windows = set(ranking.loc[ranking["window"], "name"])
    assert {"县国土资源局", "县住房和城乡建设局", "县供电公司"} <= windows


def test_vertical_units_by_superior_and_the_letter(demo_store: Store) -> None:
    read = demo_store.read
    frame = compute.superior_results(read, SETTINGS, YEAR, AS_OF)
    assert set(frame["superior"]) == set(superiors(read, SETTINGS, YEAR, AS_OF))
    power = frame[frame["superior"] == "市供电局"]
    assert set(power["name"]) == {"县供电公司"} and list(power["round"]) == [1, 2, 3]
    assert "superior_handling" in power["actions"].iloc[0]
    document = docx.Document(io.BytesIO(letter(read, SETTINGS, YEAR, AS_OF, "市供电局")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "市供电局：" in text and "县供电公司" in text and "2011年11月30日" in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0][0] == "单位" and len(rows) == 4
    assert rows[-1][-1] == "建议上级主管部门组织处理"


def test_the_county_rank_as_a_trend(demo_store: Store) -> None:
    trend = compute.county_rank_trend(demo_store.read, SETTINGS)
    overall = trend[trend["measure"] == "综合"].set_index("year")
    assert list(overall["rank"]) == [9, 9, 7, 6]
    assert list(overall["rank_change"].astype("float")[1:]) == [0, 2, 1]  # moved up


def test_no_rank_on_an_empty_store(empty_store: Store) -> None:
    assert compute.county_rank_trend(empty_store.read, SETTINGS).empty
    assert compute.window_units(empty_store.read, SETTINGS, YEAR, AS_OF).empty
    assert compute.superior_results(empty_store.read, SETTINGS, YEAR, AS_OF).empty


def test_a_township_unit_needs_its_township() -> None:
    units = DATASETS["units"].schema
    good = pd.DataFrame(
        {
            "unit_code": ["30101"],
            "name": ["财政所"],
            "category": ["station"],
            "window": [None],
            "superior": [None],
            "township_code": ["01"],
            "paired_lead_unit": [None],
        }
    )
    units.validate(good)
    with pytest.raises(pa.errors.SchemaError):
        units.validate(good.assign(township_code=[None]))
