"""The demo county: valid, deterministic, complete and consistent."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from app.demo import DEMO_AS_OF, build_demo, scenarios, seed_demo
from app.settings import Settings
from app.store import Store
from schemas import DATASETS
from schemas.common import FRAMEWORK_ITEMS

SETTINGS = Settings()
PY = SETTINGS.project_year


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return build_demo(SETTINGS)


def _county_2011(demo: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    values = demo["indicator_values"]
    return values[
        (values.indicator_code == code)
        & values.township_code.isna()
        & values.period.str.startswith("2011")
    ]


def _target(demo: dict[str, pd.DataFrame], code: str) -> pd.Series:
    targets = demo["targets"]
    return targets[(targets.indicator_code == code) & targets.township_code.isna()].iloc[0]


def test_every_dataset_is_built_and_valid(demo: dict[str, pd.DataFrame]) -> None:
    assert list(demo) == list(DATASETS)
    for name, frame in demo.items():
        spec = DATASETS[name]
        assert list(frame.columns) == spec.column_names, name
        assert len(frame) > 0, name
        spec.schema.validate(frame, lazy=True)
        for column in spec.columns:
            if column.type == "date":
                assert str(frame[column.name].dtype) == "datetime64[ns]", (name, column.name)


def test_same_frames_every_run(demo: dict[str, pd.DataFrame]) -> None:
    again = build_demo()
    for name in DATASETS:
        pd.testing.assert_frame_equal(demo[name], again[name], obj=name)


def test_county_structure(demo: dict[str, pd.DataFrame]) -> None:
    townships, villages, units = demo["townships"], demo["villages"], demo["units"]
    pairings = demo["pairings"]
    assert len(townships) == 25
    assert townships.township_code.str.fullmatch(r"\d{2}").all()
    per_township = villages.groupby("township_code").size()
    assert per_township.between(5, 9).all() and len(per_township) == 25

    group = pairings[pairings.scheme == "group"]
    paired = pairings[pairings.scheme == "paired"]
    assert group.unit_code.nunique() == 69 and paired.unit_code.nunique() == 32
    assert group.township_code.nunique() == 9 and paired.township_code.nunique() == 16
    assert set(group.township_code).isdisjoint(paired.township_code)
    assert paired.village_code.nunique() == 32 and paired.village_code.notna().all()

    poor = villages[villages.extremely_poor.fillna(False).astype(bool)]
    assert len(poor) == 17
    assert set(poor.township_code) == set(group.township_code)
    assert set(group.village_code.dropna()) == set(poor.village_code)

    assert (units.category == "township").sum() == 25
    # County departments (a township's own stations and communities are not paired).
    departments = units[~units.category.isin(["township", "station", "community", "service_area"])]
    assert set(departments.unit_code) == set(pairings.unit_code)
    for name in ("县人大办", "县政协办", "县公安局", "县法院", "县检察院", "县人武部"):
        code = units.loc[units.name == name, "unit_code"].item()
        assert code in set(paired.unit_code), name

    cadres = demo["cadres"].merge(units, on="unit_code")
    county = cadres[cadres.level == "county"]
    assert 15 <= len(county) <= 25
    # County leaders sit in the two offices, or lead 对口联系 from 人大、政协、公检法、人武部.
    assert set(county.name_y) <= {
        "县委办公室",
        "县政府办公室",
        "县人大办",
        "县政协办",
        "县公安局",
        "县法院",
        "县检察院",
        "县人武部",
    }
    assert set(pairings.contact_cadre_id.dropna()) <= set(county.cadre_id)
    assert set(demo["projects"].lead_cadre_id.dropna()) <= set(county.cadre_id)


def test_indicators_and_targets_follow_settings(demo: dict[str, pd.DataFrame]) -> None:
    indicators = demo["indicators"]
    assert set(indicators["item"]) == set(FRAMEWORK_ITEMS)
    assert indicators.name_en.notna().all()
    codes = set(indicators.indicator_code)
    assert {PY.fai_code, PY.fai_industry_code, PY.funds_code, PY.policy_code} <= codes
    assert {"lower"} <= set(indicators.direction)

    assert _target(demo, PY.fai_code).target == PY.fai_target
    assert _target(demo, PY.funds_code).target == PY.funds_floor
    assert _target(demo, PY.funds_code).stretch_target == PY.funds_stretch
    assert _target(demo, PY.policy_code).target == PY.policy_abolished_target
    assert _target(demo, PY.fai_industry_code).target == pytest.approx(
        PY.fai_target * PY.industry_share_target
    )
    targets = demo["targets"]
    assert set(targets[targets.township_code.isna()].indicator_code) == codes
    for code, county_target in ((PY.fai_code, PY.fai_target), (PY.funds_code, PY.funds_floor)):
        by_township = targets[(targets.indicator_code == code) & targets.township_code.notna()]
        assert len(by_township) == 25
        assert by_township.target.sum() == pytest.approx(county_target)

    custom = dataclasses.replace(
        SETTINGS, project_year=dataclasses.replace(PY, fai_target=120.0, funds_floor=30.0)
    )
    other = build_demo(custom)
    assert _target(other, PY.fai_code).target == 120.0
    assert _target(other, PY.funds_code).target == 30.0


def test_monthly_values(demo: dict[str, pd.DataFrame]) -> None:
    values = demo["indicator_values"]
    periods = sorted(values.period.unique())
    assert periods[0] == "2010-01" and periods[-1] == "2011-11" and len(periods) == 23
    county = values[values.township_code.isna()]
    counts = county.groupby("indicator_code").size()
    gap_code, gap_period = scenarios()["missing_value"]
    assert counts.drop(gap_code).eq(23).all() and counts[gap_code] == 22
    assert county[(county.indicator_code == gap_code) & (county.period == gap_period)].empty

    for code in (PY.fai_code, PY.funds_code):
        rows = values[values.indicator_code == code]
        totals = rows[rows.township_code.isna()].set_index("period").value
        sums = rows[rows.township_code.notna()].groupby("period").value.sum()
        pd.testing.assert_series_equal(totals, sums, check_names=False, atol=1e-6)

    fai_to_date = _county_2011(demo, PY.fai_code).value.sum()
    assert 0.88 * PY.fai_target <= fai_to_date <= 0.95 * PY.fai_target
    funds_2010 = county[
        (county.indicator_code == PY.funds_code) & county.period.str.startswith("2010")
    ]
    assert funds_2010.value.sum() == pytest.approx(PY.funds_floor / 1.5, rel=0.03)

    # The red indicators are far behind time progress (11/12 of the target is due).
    due = 11 / 12
    transport = (
        _county_2011(demo, "TRANSPORT_INV").value.sum() / _target(demo, "TRANSPORT_INV").target
    )
    deaths = (
        _county_2011(demo, "ACCIDENT_DEATHS").value.sum() / _target(demo, "ACCIDENT_DEATHS").target
    )
    assert transport < due - 0.1 and deaths > due + 0.1


def test_projects(demo: dict[str, pd.DataFrame]) -> None:
    projects, progress = demo["projects"], demo["project_progress"]
    assert len(projects) >= 50 and set(projects.level) == {
        "provincial_key",
        "prefecture_major",
        "county",
    }
    assert projects.industrial.any()
    assert len(progress) == len(projects) * 11
    order = {"reserve": 0, "construction": 1, "completed": 2}
    for _, rows in progress.sort_values("period").groupby("project_id"):
        stages = rows.stage.map(order).tolist()
        assert stages == sorted(stages)
    assert not ((progress.stage == "reserve") & (progress.invested.fillna(0) > 0)).any()

    fai_wan = _county_2011(demo, PY.fai_code).value.sum() * PY.wan_per_yi
    key = projects[projects.level.isin(["provincial_key", "prefecture_major"])].project_id
    share = progress[progress.project_id.isin(key)].invested.sum() / fai_wan
    assert 0.45 <= share <= 0.55
    assert progress.invested.sum() < fai_wan

    last3 = progress[progress.period.isin(["2011-09", "2011-10", "2011-11"])]
    idle = last3[(last3.stage == "construction") & (last3.invested.fillna(0) == 0)]
    stalled = idle.groupby("project_id").size()
    assert set(stalled[stalled == 3].index) == set(scenarios()["stalled_projects"])


def test_references_and_dates(demo: dict[str, pd.DataFrame]) -> None:
    for name, spec in DATASETS.items():
        for column, target, key in spec.references:
            used = set(demo[name][column].dropna())
            assert used <= set(demo[target][key]), (name, column, used - set(demo[target][key]))
    villages = demo["villages"].set_index("village_code").township_code
    for name in ("pairings", "field_activities"):
        frame = demo[name].dropna(subset=["village_code"])
        assert (frame.village_code.map(villages) == frame.township_code).all(), name

    as_of = pd.Timestamp(DEMO_AS_OF)
    for name, frame in demo.items():
        for column in frame.columns:
            planned = column.startswith("planned") or column in ("due_on", "original_due_on")
            if str(frame[column].dtype).startswith("datetime") and not planned:
                assert (frame[column].dropna() <= as_of).all(), (name, column)
    assert len(demo["field_activities"]) < 15_000


def test_seed_demo_writes_every_dataset(tmp_path, demo: dict[str, pd.DataFrame]) -> None:
    store = Store(str(tmp_path / "data"))
    seed_demo(store)
    assert store.info()["demo"] is True
    for name in DATASETS:
        assert store.count(name) == len(demo[name]) > 0, name
    history = store.history("units")
    assert history.loc[0, "user"] == "demo" and history.loc[0, "message"] == "demo county"
