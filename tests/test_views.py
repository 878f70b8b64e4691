"""AppTest of the views 项目建设年, 满意度测评, 四帮四促: the headline numbers and the named
laggards on the demo county are the ones app.reports.compute gives, and filters change them."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app.format import with_unit
from app.reports import compute
from app.settings import Settings
from app.store import Store
from tests.test_app import all_text, run_app

YEAR = 2011


@pytest.fixture
def demo(demo_store: Store) -> dict:
    read = demo_store.read
    month = compute.default_month(read, YEAR)
    return {
        "store": demo_store,
        "read": read,
        "settings": Settings(),
        "month": month,
        "as_of": compute.month_end(month),
    }


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe on the page that has ``column``."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with column {column!r}")


def test_projects_page_shows_the_measures_and_names_the_stalled(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/projects.py")
    text = all_text(at)
    stalled = compute.stalled_projects(demo["read"], demo["settings"], demo["month"])
    assert {"XM2011013", "XM2011032"} <= set(stalled["project_id"])
    cadres = dict(
        zip(demo["read"]("cadres")["cadre_id"], demo["read"]("cadres")["name"], strict=True)
    )
    for row in stalled.itertuples():
        assert row.name in text and row.project_id in text
        assert cadres[row.lead_cadre_id] in text  # the lead cadre by name
    assert "白马煤矿" in text and "县城滨河公园" in text
    # The seven measures: FAI's year-to-date in 亿元 as a card.
    measures = compute.project_year(demo["read"], demo["settings"], YEAR, demo["month"])
    fai = next(m for m in measures["measures"] if m["measure"] == "fai")
    values = [m.value for m in at.metric]
    assert len(at.metric) == 7
    funds = next(m for m in measures["measures"] if m["measure"] == "funds_in_place")
    assert with_unit(fai["actual"], "亿元") in values
    assert with_unit(funds["actual"], "亿元") in values
    # Every project in the investment table, with its lead cadre's name.
    investment = compute.project_investment(demo["read"], demo["settings"], YEAR, demo["month"])
    table = table_with(at, "项目编号")
    assert len(table) == len(investment)
    assert "责任领导" in table.columns and not table["责任领导"].str.startswith("C0").any()


def test_township_filter_narrows_the_project_lists(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/projects.py")
    at.session_state["township"] = "05"  # 白马镇, as the sidebar's selectbox (ui.select) sets it
    at.session_state["township__zh"] = "05"
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "白马煤矿" in text and "县城滨河公园" not in text
    expected = compute.project_investment(demo["read"], demo["settings"], YEAR, demo["month"], "05")
    assert len(table_with(at, "项目编号")) == len(expected) < 60


def test_surveys_page_names_the_accountable_units(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/surveys.py")
    text = all_text(at)
    actions = compute.accountability(demo["read"], demo["settings"], YEAR, demo["as_of"])
    for name in actions["name"].unique():
        assert name in text
    assert "县总工会" in text and "县国土资源局" in text
    assert "诫勉谈话" in text and "组织处理" in text and "未提交整改措施" in text
    table = table_with(at, "问责措施")
    assert len(table) == len(actions)
    assert "round=" not in " ".join(table["依据"])  # reasons in words, not codes
    assert "年内查实投诉7件，全县最多" in set(table["依据"])  # the bulletin's very words
    # Default round: the latest held by the as-of month.
    assert at.selectbox(key="survey_round__zh").value == 3


def test_round_and_category_change_the_ranking(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/surveys.py")
    ranking = compute.survey_ranking_as_of(demo["read"], demo["settings"], YEAR, demo["as_of"])

    def bottoms(round_: int) -> set[str]:
        part = ranking[(ranking["round"] == round_) & (ranking["category"] == "government")]
        return set(part.loc[part["bottom"], "name"])

    at.selectbox(key="survey_category__zh").set_value("government")
    at.run()
    shown_3 = table_with(at, "末位")
    assert set(shown_3.loc[shown_3["末位"] == "是", "单位"]) == bottoms(3)
    at.selectbox(key="survey_round__zh").set_value(2)
    at.run()
    assert not at.exception
    shown_2 = table_with(at, "末位")
    assert set(shown_2.loc[shown_2["末位"] == "是", "单位"]) == bottoms(2)
    assert bottoms(2) != bottoms(3)
    assert "县人力资源和社会保障局" in bottoms(2)


def test_surveys_page_in_english_labels_the_actions(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "en", "pages/surveys.py")
    table = table_with(at, "Action")
    assert "Admonishment talk" in set(table["Action"])
    assert any(
        "round 2" in r.lower()
        for r in table[
            [c for c in table.columns if c.startswith("Basis") or c.startswith("Reason")][0]
        ]
    )


def chart_data(chart) -> pd.DataFrame:  # noqa: ANN001 - an AppTest element
    """The rows a chart on the page was drawn from (its one Arrow dataset)."""
    import pyarrow as pa

    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()


def test_surveys_page_cuts_long_lists_and_charts_not_the_tables(demo, monkeypatch) -> None:
    """A province has hundreds of units a category: the page names the first LIST_LIMIT of a
    list and says how many more, charts the first and the last CHART_ROWS // 2 of a ranking
    (the bottom units among them); the tables hold every row. Small limits, the demo county."""
    from app.i18n import enum_label
    from app.web import widgets  # owns the limits (ui.LIST_LIMIT reads them there)

    monkeypatch.setattr(widgets, "LIST_LIMIT", 2)
    monkeypatch.setattr(widgets, "CHART_ROWS", 4)
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/surveys.py")
    captions = [c.value for c in at.caption]
    ranking = compute.survey_ranking_as_of(demo["read"], demo["settings"], YEAR, demo["as_of"])
    shown = ranking[(ranking["round"] == 3) & (ranking["category"] == "vertical")]
    assert len(shown) > 4
    ranked, compared = (e for e in at.main if getattr(e, "type", "") == "vega_lite_chart")
    drawn = chart_data(ranked)
    assert list(drawn["unit_code"]) == [*shown["unit_code"][:2], *shown["unit_code"][-2:]]
    assert set(shown.loc[shown["bottom"], "unit_code"]) <= set(drawn["unit_code"])
    assert f"图中为前 2 名和后 2 名（共 {len(shown)} 个）；完整排名见下表或下载。" in captions
    assert len(table_with(at, "末位")) == len(shown)
    both = compute.survey_comparison(demo["read"], demo["settings"], YEAR, 2, 3)
    both = both[both["category"] == "vertical"].sort_values("score_second", ascending=False)
    assert set(chart_data(compared)["name"]) == {*both["name"][:2], *both["name"][-2:]}
    # Accountability: two names an action, then how many more; the table has every action.
    actions = compute.accountability(demo["read"], demo["settings"], YEAR, demo["as_of"])
    assert actions.groupby("action").size().max() > 2
    for action, group in actions.groupby("action"):
        line = next(
            m.value for m in at.markdown if f"**{enum_label('action', action, 'zh')}**：" in m.value
        )
        assert line.count("、") == min(len(group), 2) - 1
        if len(group) > 2:
            assert f"……另有 {len(group) - 2} 项未列出，见下方表格或下载。" in captions
    assert len(table_with(at, "问责措施")) == len(actions)


def test_field_page_names_the_cadres_behind(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/field.py")
    text = all_text(at)
    days = compute.field_days(demo["read"], demo["settings"], YEAR, demo["as_of"])
    behind = days[days["status"] == "behind"]
    assert {"C0015", "C0087", "C0278"} <= set(behind["cadre_id"])
    for name in behind["name"]:
        assert name in text
    pets = compute.petitions(demo["read"], demo["settings"], demo["as_of"])
    for name in pets.loc[pets["status"] == "short", "name"]:
        assert name in text
    table = table_with(at, "干部编号")
    assert len(table) == len(days)
    assert set(table.loc[table["状态"] == "滞后", "干部编号"]) == set(behind["cadre_id"])
    # Contact points: 69 group units → 9 townships / 17 极贫村; 32 paired → 16 / 32.
    summary = compute.contact_summary(demo["read"], demo["settings"], YEAR, demo["as_of"])
    assert summary.set_index("scheme")[["units", "townships"]].to_dict("index") == {
        "group": {"units": 69, "townships": 9},
        "paired": {"units": 32, "townships": 16},
    }
    assert "69 个单位集团帮扶 9 个乡镇、17 个极贫村" in text
    assert "32 个单位对口联系 16 个乡镇、32 个村" in text


def test_ledger_search_finds_a_cadres_entries(demo, monkeypatch) -> None:
    at = run_app(demo["store"].root, monkeypatch, "zh", "pages/field.py")
    everything = len(table_with(at, "台账编号"))
    at.text_input(key="ledger_query").set_value("王家明")
    at.run()
    assert not at.exception
    found = table_with(at, "台账编号")
    start = pd.Timestamp(YEAR, 1, 1).date()
    expected = compute.field_ledger(demo["read"], demo["settings"], start, demo["as_of"], "王家明")
    assert 0 < len(found) == len(expected) < everything
    assert set(found["姓名"]) == {"王家明"}
