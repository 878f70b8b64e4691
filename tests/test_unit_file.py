"""实绩档案: everything about one unit (县国土资源局, unit 032 in the demo) and one cadre in one
place, from the report, the command line's JSON and the page (reached by a link too)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from app.cli import main
from app.reports import compute
from app.reports.appraisal import cadre_file, unit_file
from app.reports.tables import Names
from app.reports.tables import appraisal as person
from app.settings import Settings
from app.store import Store
from tests.test_app import all_text, run_app

YEAR = 2011
UNIT_PARTS = [
    "survey",
    "actions",
    "rectifications",
    "complaints",
    "cadres",
    "projects",
    "contact_points",
    "supervision",
    "appraisal_parts",
]
CADRE_PARTS = [
    "days",
    "activities",
    "petitions",
    "cases",
    "projects",
    "contact_points",
    "supervision",
]


@pytest.fixture(scope="module")
def store(demo_store_template: Path) -> Store:
    return Store(str(demo_store_template))


@pytest.fixture(scope="module")
def record(store: Store) -> dict:
    return unit_file(store.read, Settings(), YEAR, "032")


def test_the_unit_record_shows_every_listed_part(store: Store, record: dict) -> None:
    read, settings = store.read, Settings()
    as_of = compute.default_as_of(read, YEAR)
    assert record["unit"] == {"unit_code": "032", "name": "县国土资源局", "category": "government"}
    assert record["as_of"] == as_of
    assert set(UNIT_PARTS) <= set(record)
    # Survey scores and rank by round.
    assert record["survey"]["round"].tolist() == [1, 2, 3]
    assert record["survey"]["rank"].notna().all()
    # Actions and their reasons: admonished in rounds 2 and 3, the most complaints.
    actions = record["actions"]
    assert {"admonish", "organisational_handling", "complaints_accountability"} <= set(
        actions["action"]
    )
    assert actions["reason"].str.len().gt(0).all()
    expected = compute.accountability(read, settings, YEAR, as_of)
    assert len(actions) == (expected["unit_code"] == "032").sum()
    # Rectifications of round 1, verified complaints of the year.
    assert record["rectifications"]["unit_code"].tolist() == ["032"]
    assert record["complaints"]["verified"].sum() == 7
    # Its cadres' days and petitions; its contact points; its supervision items.
    days = compute.field_days(read, settings, YEAR, as_of)
    assert set(record["cadres"]["cadre_id"]) == set(
        days.loc[days["unit_code"] == "032", "cadre_id"]
    )
    assert {"days", "required", "before_festival", "in_year", "petitions_status"} <= set(
        record["cadres"].columns
    )
    assert len(record["contact_points"]) >= 1
    assert (record["contact_points"]["unit_code"] == "032").all()
    assert len(record["supervision"]) >= 1
    assert (record["supervision"]["unit_code"] == "032").all()
    assert record["projects"].empty or "project_id" in record["projects"]
    # Its appraisal breakdown adds up to the total.
    parts = record["appraisal_parts"]
    assert parts["key"].tolist() == [s.key for s in settings.appraisal.units]
    assert parts["points"].sum() == pytest.approx(record["appraisal"]["total"])
    assert record["appraisal"]["eligible"] is False


def test_every_part_has_its_table_in_both_languages(record: dict) -> None:
    for lang in ("zh", "en"):
        tables = person.unit_file(record, Names(), lang)
        assert list(tables) == [
            "survey",
            "actions",
            "rectifications",
            "complaints",
            "cadres",
            "projects",
            "contact_points",
            "supervision",
            "appraisal",
        ]
        for name, table in tables.items():
            source = record["appraisal_parts" if name == "appraisal" else name]
            assert len(table) == len(source), name


def test_a_unit_outside_the_appraisal_has_a_record_without_one(store: Store) -> None:
    other = store.read("units")
    code = other.loc[other["category"] == "other", "unit_code"].iloc[0]
    found = unit_file(store.read, Settings(), YEAR, code)
    assert found["unit"]["unit_code"] == code and found["appraisal"] is None
    assert unit_file(store.read, Settings(), YEAR, "nope")["unit"] is None


def test_the_cadre_record(store: Store) -> None:
    read, settings = store.read, Settings()
    cadres = read("cadres")
    lead = read("projects")["lead_cadre_id"].dropna().iloc[0]
    found = cadre_file(read, settings, YEAR, lead)
    assert found["cadre"]["cadre_id"] == lead
    assert found["cadre"]["unit"]  # the unit by name
    assert set(CADRE_PARTS) <= set(found)
    assert len(found["projects"]) >= 1  # the projects it leads
    assert (found["activities"]["cadre_id"] == lead).all()
    assert found["days"]["cadre_id"].tolist() == [lead]
    contact = read("pairings")["contact_cadre_id"].dropna().iloc[0]
    assert len(cadre_file(read, settings, YEAR, contact)["contact_points"]) >= 1
    assert cadre_file(read, settings, YEAR, "C9999")["cadre"] is None
    assert set(cadres["cadre_id"]) >= {lead, contact}


def test_cli_unit_file_json(store: Store, capsys) -> None:
    argv = ["report", "unit-file", "--unit", "032", "--year", "2011", "--format", "json"]
    assert main([*argv, "--data-dir", store.root]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unit"]["name"] == "县国土资源局" and out["year"] == 2011
    assert set(UNIT_PARTS) <= set(out) and isinstance(out["survey"], list)
    assert out["appraisal"]["code"] == "032" and isinstance(out["appraisal"]["parts"], dict)
    assert [r["round"] for r in out["survey"]] == [1, 2, 3]
    assert all(isinstance(r["received_date"], str) for r in out["complaints"])


def test_cli_unit_file_table_cadre_file_and_errors(store: Store, capsys) -> None:
    assert main(["report", "unit-file", "--unit", "032", "--data-dir", store.root]) == 0
    out = capsys.readouterr().out
    for heading in ("满意度测评得分和名次", "问责措施及依据", "督办事项", "年度考核分项得分"):
        assert heading in out
    assert main(["report", "cadre-file", "--cadre", "C0083", "--data-dir", store.root]) == 0
    assert "下基层天数" in capsys.readouterr().out
    assert main(["report", "unit-file", "--data-dir", store.root]) == 1
    assert "--unit" in capsys.readouterr().err
    assert main(["report", "unit-file", "--unit", "999", "--data-dir", store.root]) == 1
    assert "999" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_unit_file_page_runs_and_opens_by_link(demo_store: Store, monkeypatch, lang) -> None:
    at = run_app(demo_store.root, monkeypatch, lang, "pages/unit_file.py")
    assert not at.exception
    at.query_params["unit"] = "032"  # a link: unit_file?unit=032
    at.run()
    assert not at.exception
    text = all_text(at)
    assert ("县国土资源局（032）" if lang == "zh" else "县国土资源局 (032)") in text
    assert at.selectbox(key=f"file_unit__{lang}").value == "032"
    assert len(at.dataframe) >= 8  # every part with rows has its table
    # Choosing another unit is not undone by the link.
    at.selectbox(key=f"file_unit__{lang}").set_value("001")
    at.run()
    assert "县委办公室" in all_text(at) and "001" in all_text(at)
    at.query_params.clear()
    at.query_params["cadre"] = "C0083"
    at.run()
    assert not at.exception
    assert "宋静" in all_text(at)
    frames = [f.value for f in at.dataframe]
    assert any(len(f) and "C0083" in f.to_string() for f in frames if isinstance(f, pd.DataFrame))


def test_the_surveys_ranking_links_each_unit_to_its_record(demo_store: Store, monkeypatch):
    at = run_app(demo_store.root, monkeypatch, "zh", "pages/surveys.py")
    ranking = next(f.value for f in at.dataframe if "末位" in f.value.columns)
    links = ranking["档案"]
    assert (links == "unit_file?unit=" + ranking["单位代码"].astype(str)).all()
