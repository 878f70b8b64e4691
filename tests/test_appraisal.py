"""年终综合考核: the scheme in the settings (defaults, a county's own, errors naming what is
wrong), the methods, totals as the sum of parts, competition ranks, eligibility from the
actions, grades, the townships' 增比进位, the command line's JSON, the documents, the page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from app.cli import main
from app.metrics import appraisal as rules
from app.reports import appraisal as reports
from app.reports import compute
from app.reports.appraisal_documents import appraisal_notice, appraisal_workbook
from app.settings import AppraisalSection, AppraisalSettings, Settings, SettingsError, load_settings
from app.store import Store
from tests.test_app import all_text, run_app

YEAR = 2011
UNIT_KEYS = ["survey", "complaints", "rectification", "field_days", "petitions", "supervision"]
TOWNSHIP_KEYS = ["indicator_completion", "field_days", "petitions", "supervision", "evaluation"]


@pytest.fixture(scope="module")
def store(demo_store_template: Path) -> Store:
    """The demo county, read only."""
    return Store(str(demo_store_template))


@pytest.fixture(scope="module")
def results(store: Store) -> pd.DataFrame:
    return reports.appraisal(store.read, Settings(), YEAR)


def county(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "county.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path=path)


# --- The scheme in the settings -------------------------------------------------------------


def test_the_default_schemes_give_100_points_each() -> None:
    conf = Settings().appraisal
    assert [s.key for s in conf.units] == [*UNIT_KEYS, "evaluation"]
    assert [s.key for s in conf.townships] == TOWNSHIP_KEYS
    assert sum(s.points for s in conf.units) == 100
    assert sum(s.points for s in conf.townships) == 100
    complaints = conf.units[1]
    assert (complaints.measure, complaints.method, complaints.points, complaints.per) == (
        "verified_complaints",
        "deduct",
        10,
        2,
    )
    assert "admonish" in conf.ineligible_if


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ('key = "x"\nmeasure = "bogus_measure"\nmethod = "score"\npoints = 10', "bogus_measure"),
        ('key = "x"\nmeasure = "survey_score"\nmethod = "guess"\npoints = 10', "guess"),
        ('key = "x"\nmeasure = "survey_score"\nmethod = "score"\npionts = 10', "pionts"),
        ('key = "a b!"\nmeasure = "survey_score"\nmethod = "score"\npoints = 10', "a b!"),
        # A township measure is not a unit measure.
        (
            'key = "x"\nmeasure = "indicator_completion"\nmethod = "ratio"\npoints = 10',
            "indicator_completion",
        ),
    ],
)
def test_an_unknown_key_measure_or_method_is_an_error_naming_it(
    tmp_path: Path, entry: str, named: str
) -> None:
    with pytest.raises(SettingsError) as error:
        county(tmp_path, f"[[appraisal.units]]\n{entry}\n")
    assert named in str(error.value)
    assert "appraisal.units[0]" in str(error.value)


def test_an_unknown_action_in_ineligible_if_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="scolded"):
        county(tmp_path, '[appraisal]\nineligible_if = ["admonish", "scolded"]\n')


def test_a_key_twice_is_an_error(tmp_path: Path) -> None:
    entry = 'key = "survey"\nmeasure = "survey_score"\nmethod = "score"\npoints = 10\n'
    with pytest.raises(SettingsError, match="'survey' appears twice"):
        county(tmp_path, f"[[appraisal.units]]\n{entry}[[appraisal.units]]\n{entry}")


def test_a_countys_list_replaces_the_default_and_keeps_the_townships(tmp_path: Path) -> None:
    conf = county(
        tmp_path,
        '[[appraisal.units]]\nkey = "survey"\nmeasure = "survey_score"\nmethod = "rank"\n'
        "points = 60\nfloor = 0.5\n",
    ).appraisal
    assert conf.units == [AppraisalSection("survey", "survey_score", "rank", 60.0, floor=0.5)]
    assert [s.key for s in conf.townships] == TOWNSHIP_KEYS


# --- The methods ----------------------------------------------------------------------------


def test_each_method_scores_as_written() -> None:
    values = pd.Series([100.0, 50.0, None])
    score = AppraisalSection("s", "survey_score", "score", 40)
    assert rules.section_points(score, values).tolist() == [40.0, 20.0, 0.0]
    ratio = AppraisalSection("f", "field_days", "ratio", 15)
    assert rules.section_points(ratio, pd.Series([1.4, 0.5, None])).tolist() == [15.0, 7.5, 0.0]
    deduct = AppraisalSection("c", "verified_complaints", "deduct", 10, per=2)
    # Nothing found is no fault; never below zero.
    assert rules.section_points(deduct, pd.Series([0, 3, 9, None])).tolist() == [
        10.0,
        4.0,
        0.0,
        10.0,
    ]
    manual = AppraisalSection("e", "manual", "manual", 10)
    assert rules.section_points(manual, pd.Series([80.8])).tolist() == [8.08]


def test_rank_method_gives_the_first_all_and_the_last_the_floor_within_each_group() -> None:
    rank = AppraisalSection("s", "survey_score", "rank", 10, floor=0.6)
    values = pd.Series([90.0, 80.0, 80.0, 70.0, 50.0])
    groups = pd.Series(["a", "a", "a", "a", "b"])
    # Ranks 1, 2, 2, 4 of 4: 10, 10 - 4/3, same, 6; alone in its group: all the points.
    assert rules.section_points(rank, values, groups).tolist() == [10.0, 8.67, 8.67, 6.0, 10.0]
    faults = AppraisalSection("c", "supervision_faults", "rank", 10, floor=0.5)
    assert rules.section_points(faults, pd.Series([0, 4]), None).tolist() == [10.0, 5.0]


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    units = pd.DataFrame(
        {
            "code": ["u1", "u2", "u3", "u4", "v1"],
            "name": ["A", "B", "C", "D", "E"],
            "category": ["government"] * 4 + ["vertical"],
            "survey_score": [90.0, 80.0, 80.0, 70.0, 60.0],
        }
    )
    conf = AppraisalSettings(
        units=[AppraisalSection("survey", "survey_score", "score", 100)], townships=[]
    )
    none = pd.DataFrame({"unit_code": pd.Series(dtype=str), "action": pd.Series(dtype=str)})
    frame = rules.appraise(units, pd.DataFrame(), pd.DataFrame(), none, none, YEAR, conf)
    ranks = dict(zip(frame["code"], frame["rank"], strict=True))
    assert [ranks[c] for c in ("u1", "u2", "u3", "u4", "v1")] == [1, 2, 2, 4, 1]
    assert frame.set_index("code").loc["u4", "grade"] == "poor"
    assert frame.set_index("code").loc["u1", "grade"] == "excellent"


# --- The demo county ------------------------------------------------------------------------


def test_the_default_scheme_scores_the_demo_county(store: Store, results: pd.DataFrame) -> None:
    units = store.read("units")
    appraised = units[units["category"].isin(["vertical", "party_mass", "government"])]
    assert set(results.loc[results["kind"] == "unit", "code"]) == set(appraised["unit_code"])
    assert set(results.loc[results["kind"] == "township", "code"]) == set(
        store.read("townships")["township_code"]
    )
    for row in results.itertuples():
        keys = [*UNIT_KEYS, "evaluation"] if row.kind == "unit" else TOWNSHIP_KEYS
        assert list(row.parts) == keys
        assert row.total == pytest.approx(sum(row.parts.values()), abs=1e-9)  # parts add up
        assert 0 <= row.total <= 100
        assert row.parts["evaluation"] > 0  # the uploaded 领导评价 counts
    # Ranks are competition ranks of the totals within (kind, category).
    for _, group in results.groupby(["kind", "category"]):
        expected = group["total"].rank(method="min", ascending=False).astype(int)
        assert group["rank"].astype(int).tolist() == expected.tolist()
    assert results["total"].nunique() > 50  # the measures differ between units


def test_unit_032_is_scored_from_its_measures(store: Store, results: pd.DataFrame) -> None:
    """县国土资源局: last but one in rounds 2 and 3, 7 verified complaints (the most)."""
    row = results[(results["kind"] == "unit") & (results["code"] == "032")].iloc[0]
    survey = store.read("survey_results")
    mine = survey[(survey["unit_code"] == "032") & survey["round"].isin([2, 3])]
    assert row.measures["survey"] == pytest.approx(mine["score"].mean())
    assert row.parts["survey"] == round(mine["score"].mean() * 0.4, 2)
    assert row.measures["complaints"] == 7 and row.parts["complaints"] == 0  # 10 − 2 × 7 < 0
    assert row["grade"] == "poor" and row["rank"] == row["ranked"]


def test_ineligibility_follows_the_actions(store: Store, results: pd.DataFrame) -> None:
    settings = Settings()
    actions = compute.accountability(store.read, settings, YEAR, reports._year_end(YEAR))
    barring = set(settings.appraisal.ineligible_if)
    for row in results[results["kind"] == "unit"].itertuples():
        received = set(actions.loc[actions["unit_code"] == row.code, "action"]) & barring
        assert set(row.reasons) == received
        assert row.eligible == (not received)
        if not row.eligible:
            assert row.grade != "excellent"
    land = results[results["code"] == "032"].iloc[0]  # 县国土资源局, admonished in 2011
    assert not land.eligible and "admonish" in land.reasons
    assert (results["grade"] == "excellent").any() and (~results["eligible"]).sum() >= 3


def test_a_countys_scheme_changes_the_results_as_written(tmp_path: Path, store: Store) -> None:
    settings = county(
        tmp_path,
        '[appraisal]\nineligible_if = ["complaints_accountability"]\nexcellent_share = 0.5\n'
        '[[appraisal.units]]\nkey = "survey"\nmeasure = "survey_score"\nmethod = "score"\n'
        'points = 60\n[[appraisal.units]]\nkey = "evaluation"\nmeasure = "manual"\n'
        'method = "manual"\npoints = 40\n',
    )
    frame = reports.appraisal(store.read, settings, YEAR)
    land = frame[(frame["kind"] == "unit") & (frame["code"] == "032")].iloc[0]
    # By hand: rounds 2 and 3 scored 71.5 and 75.3 (mean 73.4), 领导评价 80.8.
    assert land.parts == {"survey": 44.04, "evaluation": 32.32}
    assert land.total == 76.36
    assert land.reasons == ["complaints_accountability"]  # admonish no longer bars
    union = frame[(frame["kind"] == "unit") & (frame["code"] == "015")].iloc[0]  # 县总工会
    assert union.eligible  # admonished and organisationally handled: eligible under this scheme
    townships = frame[frame["kind"] == "township"]
    assert list(townships.iloc[0]["parts"]) == TOWNSHIP_KEYS  # the default townships' scheme


# --- 增比进位 --------------------------------------------------------------------------------


def test_township_progress_ranks_the_mean_completion_of_every_indicator(store: Store) -> None:
    settings = Settings()
    month = compute.default_month(store.read, YEAR)
    standing = reports.township_progress(store.read, settings, YEAR, month)
    progress = compute.targets(store.read, settings, YEAR, month)
    rows = progress[progress["township_code"].notna() & progress["target"].notna()]
    assert len(standing) == rows["township_code"].nunique()
    first = standing.iloc[0]
    mine = rows[rows["township_code"] == first["township_code"]]
    assert first["attainment"] == pytest.approx(mine["completion"].clip(upper=1).fillna(0).mean())
    assert first["indicators"] == len(mine)
    assert standing["rank"].tolist() == sorted(standing["rank"].tolist())
    # Against the end of the quarter before (September for November): moves both ways.
    assert standing["quarter_rank"].notna().all()
    expected = standing["quarter_rank"] - standing["rank"]
    assert standing["quarter_change"].tolist() == expected.tolist()
    assert standing["year_change"].isna().all()  # the demo has no township targets for 2010


def test_township_standing_arrows_up_and_down() -> None:
    now = pd.DataFrame({"township_code": ["01", "02"], "attainment": [0.9, 0.8], "indicators": 2})
    before = pd.DataFrame({"township_code": ["01", "02"], "attainment": [0.5, 0.8]})
    out = rules.township_standing(now, before, before.iloc[0:0])
    assert out["quarter_change"].tolist() == [1, -1]
    from app.reports.tables import Names
    from app.reports.tables.appraisal import township_progress

    table = township_progress(out, Names(), "zh")
    assert table["quarter_change"].tolist() == ["▲1", "▼1"]


# --- Surfaces -------------------------------------------------------------------------------


def test_cli_json_is_the_contract(store: Store, results: pd.DataFrame, capsys) -> None:
    code = main(
        ["report", "appraisal", "--year", "2011", "--format", "json", "--data-dir", store.root]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and len(out) == len(results)
    fields = ["kind", "code", "name", "category", "total", "parts", "rank", "grade", "eligible"]
    for row in out:
        assert list(row) == [*fields, "reasons"]
        assert row["kind"] in ("unit", "township")
        assert isinstance(row["parts"], dict) and isinstance(row["reasons"], list)
        assert row["total"] == pytest.approx(sum(row["parts"].values()))
        assert isinstance(row["rank"], int) and isinstance(row["eligible"], bool)
    land = next(r for r in out if r["code"] == "032" and r["kind"] == "unit")
    assert land["eligible"] is False and "admonish" in land["reasons"]


def test_cli_table_and_csv(store: Store, capsys) -> None:
    assert main(["report", "appraisal", "--year", "2011", "--data-dir", store.root]) == 0
    out = capsys.readouterr().out
    assert "2011年度综合考核结果" in out and "县国土资源局" in out and "满意度测评" in out
    assert main(["report", "appraisal", "--format", "csv", "--data-dir", store.root]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"code": str})
    assert {"total", "part.survey", "part.indicator_completion", "reasons"} <= set(frame.columns)


def test_the_workbook_and_the_notice(store: Store, results: pd.DataFrame) -> None:
    import docx

    made = appraisal_workbook(store.read, Settings(), YEAR)
    book = pd.read_excel(io.BytesIO(made), None, engine="openpyxl")
    assert list(book) == ["考核结果", "乡镇增比进位", "考核办法"]
    assert len(book["考核结果"]) == len(results)
    assert book["考核结果"]["总分"].tolist() == results["total"].tolist()
    document = docx.Document(io.BytesIO(appraisal_notice(store.read, Settings(), YEAR)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2011年度单位和乡镇" in text and "取消年度评优评奖资格" in text
    assert "县国土资源局：取消年度评优评奖资格" in text
    assert len(document.tables) >= 4  # a ranking per group and the townships


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_appraisal_page_runs_and_filters_by_group(demo_store: Store, monkeypatch, lang):
    at = run_app(demo_store.root, monkeypatch, lang, "pages/appraisal.py")
    assert not at.exception
    key = f"appraisal_group__{lang}"
    at.selectbox(key=key).set_value("unit:government")
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 41
    expected = reports.appraisal(demo_store.read, Settings(), YEAR)
    expected = expected[expected["category"] == "government"]
    total = "总分" if lang == "zh" else "Total"
    assert table[total].tolist() == expected["total"].tolist()  # the page shows the report's
    assert "县国土资源局" in all_text(at)  # ineligible, named with its reasons
    assert table.iloc[:, 0].str.startswith("unit_file?unit=").all()  # linked to the record
    at.selectbox(key=key).set_value("township:township")
    at.run()
    assert not at.exception and len(at.dataframe[0].value) == 25


def test_the_readme_example_is_a_valid_scheme(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\n[appraisal]")
    example = readme[start + len("```toml\n") : readme.index("```", start + 7)]
    conf = county(tmp_path, example).appraisal
    assert [s.key for s in conf.units] == ["survey", "complaints", "evaluation"]
    assert conf.units[1].per == 2 and conf.excellent_share == 0.2
