"""One figure, one place: for every month of the demo year, the headline figures a leader
reads agree on every surface: the overview and 四帮四促 pages (AppTest), the monthly bulletin
(its outline), the month workbook and the command line's JSON. The figures: leading cadres
behind on days at the grassroots, leaders who missed a petition deadline, and units held
accountable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main
from app.reports import bulletin, compute
from app.reports.export import month_sheets
from app.settings import Settings
from app.store import Store
from tests.test_app import run_app

MONTHS = [f"2011-{m:02d}" for m in range(1, 12)]  # the demo county reports to November


@pytest.fixture(scope="module")
def store(demo_store_template: Path) -> Store:
    return Store(str(demo_store_template))  # read only


def number(pattern: str, texts: list[str]) -> int:
    for text in texts:
        found = re.search(pattern, text)
        if found:
            return int(found.group(1))
    raise AssertionError(f"{pattern!r} not in {texts}")


def on_the_pages(store: Store, month: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    at = run_app(store.root, monkeypatch, "zh", user="demo-leader")
    at.session_state["year"], at.session_state["as_of"] = 2011, month
    at.run()
    deltas = [str(m.proto.delta) for m in at.metric]
    overview = {
        "behind": number(r"(\d+) 人滞后", deltas),
        "short": number(r"(\d+) 人逾期未完成", deltas),
        "accountable": number(r"(\d+) 个单位被问责", deltas),
    }
    at.switch_page("pages/field.py")
    at.run()
    cards = {m.label: m.value for m in at.metric}
    assert int(cards["信访包案逾期未完成（人）"]) == overview["short"], month
    assert int(cards["天数滞后（人）"]) == overview["behind"], month
    return overview


def in_the_bulletin(store: Store, month: str) -> dict[str, int]:
    outline = bulletin.outline(store.read, Settings(), bulletin.month_period(month))
    texts = [b.text for b in outline.blocks if b.kind == "para"]
    return {"behind": number(r"滞后(\d+)人。", texts), "short": number(r"(\d+)人逾期未完成", texts)}


def in_the_workbook(store: Store, month: str) -> dict[str, int]:
    sheets = month_sheets(store.read, Settings(), month)
    return {
        "behind": int((sheets["下基层天数"]["状态"] == "滞后").sum()),
        "short": int((sheets["信访维稳"]["状态"] == "未达标").sum()),
        "accountable": sheets["问责清单"]["单位代码"].nunique(),
    }


def on_the_command_line(store: Store, month: str, capsys: pytest.CaptureFixture[str]) -> dict:
    as_of = compute.month_end(month).isoformat()

    def report(kind: str) -> list[dict]:
        capsys.readouterr()
        assert (
            main(
                [
                    "report",
                    kind,
                    "--year",
                    "2011",
                    "--as-of",
                    as_of,
                    "--format",
                    "json",
                    "--data-dir",
                    store.root,
                ]
            )
            == 0
        )
        return json.loads(capsys.readouterr().out)

    return {
        "behind": sum(r["status"] == "behind" for r in report("field-days")),
        "short": sum(r["status"] == "short" for r in report("petitions")),
        "accountable": len({r["unit_code"] for r in report("accountability")}),
    }


@pytest.mark.parametrize("month", MONTHS)
def test_every_surface_shows_the_same_figures(store, month, monkeypatch, capsys) -> None:
    pages = on_the_pages(store, month, monkeypatch)
    command_line = on_the_command_line(store, month, capsys)
    assert pages == command_line, month
    assert in_the_workbook(store, month) == command_line, month
    written = in_the_bulletin(store, month)
    assert written == {k: command_line[k] for k in written}, month


def test_the_launch_months_bulletin_says_no_data_and_asks_no_days(store: Store) -> None:
    """December 2010 launches the campaign: no indicator has a value against a target yet, and
    the year's day and liaison requirements do not apply before 2011."""
    outline = bulletin.outline(store.read, Settings(), bulletin.month_period("2010-12"))
    text = "\n".join(b.text for b in outline.blocks)
    assert "全部指标均达到序时进度" not in text
    assert "尚无既有年度目标又已报数的指标" in text
    assert "滞后" not in text.split("四帮四促")[1].split("信访")[0]  # nobody behind on days
    assert "2010年1月" not in text and "驻点应不少于" not in text  # no liaison month of 2010
    assert "自2011年起考核" in text
    days = compute.field_days(store.read, Settings(), 2010, compute.month_end("2010-12"))
    assert days["required"].isna().all() and days["liaison_short_months"].map(len).sum() == 0


def test_township_and_other_units_show_their_verified_complaints(store: Store) -> None:
    """The workbook's units sheet and the bulletin's annex count complaints from the
    complaints, for every unit (a township is no ranked unit of the survey)."""
    from app.reports.export import unit_table

    complaints = store.read("complaints")
    units = store.read("units").set_index("unit_code")
    verified = complaints[complaints["verified"].fillna(False).astype(bool)]
    outside = verified[verified["unit_code"].map(units["category"]).isin(["township", "other"])]
    assert len(outside) >= 5  # the demo has them
    table = unit_table(store.read, Settings(), "2011-11").set_index("unit_code")
    expected = outside.groupby("unit_code").size()
    assert (table.loc[expected.index, "verified_complaints"] == expected).all()
    sheet = month_sheets(store.read, Settings(), "2011-11")["单位汇总"].set_index("单位代码")
    assert (sheet.loc[expected.index, "查实投诉（件）"] == expected).all()
